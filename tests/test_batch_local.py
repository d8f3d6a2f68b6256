"""``safe-zone batch`` with the district's own voice: ``local.*`` columns (figures, earlier resolutions, its own
recitals and clauses with ``|`` between items), ``--defaults`` that share words but never a district's figures or
history, and every missing translation a ``warning:`` naming the row. The drafts are read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
import yaml

from batch_cases import districts_csv
from helpers import EXAMPLE, safe_zone
from resolution_builder.composition.composer import slugify
from resolution_builder.library import load_library

README = Path(__file__).resolve().parent.parent / "README.md"
BASE = ["district.name", "district.state", "board.name", "language"]


def _batch(tmp_path: Path, header: list[str], rows: list[list[str]], *args: str):
    (tmp_path / "districts.csv").write_bytes(districts_csv(header, rows))
    return safe_zone("batch", str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"), "--jobs", "1", *args)


def _report(tmp_path: Path) -> dict[str, dict[str, str]]:
    text = (tmp_path / "out" / "batch-report.csv").read_text(encoding="utf-8")
    return {row["row"]: row for row in csv.DictReader(io.StringIO(text))}


def _resolution(tmp_path: Path, name: str, spanish: bool = False) -> docx.document.Document:
    slug = slugify(name)
    return docx.Document(str(tmp_path / "out" / slug / f"{slug}-{'resolucion' if spanish else 'resolution'}.docx"))


def _columns(document) -> list[tuple[str, str]]:
    """The bilingual edition's body: (left, right) for each row of its two-column table."""
    return [(row.cells[0].text, row.cells[1].text) for table in document.tables for row in table.rows]


def _lead(group: str, language: str) -> str:
    return next(g.lead[language] for g in load_library().resolution.clause_groups if g.id == group)


def test_a_rows_own_words_are_printed_literally_in_place_in_both_languages(tmp_path):
    header = [*BASE, "local.facts.students", "local.facts.languages_spoken", "local.recitals.en", "local.recitals.es",
              "local.clauses.en", "local.clauses.es", "local.clauses.place", "local.reaffirms.number",
              "local.reaffirms.title", "local.reaffirms.date"]
    english = ["Lakeside School District", "OR", "Board of Directors", "en", "12,400", "47",
               r"our buses carry 9,000 riders \| daily|the Lakeside Tribe's lands hold our schools",
               r"nuestros autobuses llevan 9.000 pasajeros \| al día|",
               "the Board thanks its bus drivers|night classes ∑ 夜 remain open to every family",
               "la Junta agradece a sus choferes|", "families|", "17-01|2019/4", "Safe Haven Schools|",
               "2017-01-10|2019-03-05"]
    spanish = ["Distrito Escolar de Peñasco", "NM", "Junta de Educación", "es", "", "", "", "", "", "", "", "", "", ""]
    header_es = [*header, "local.clauses"]
    spanish_row = [*spanish, "la Junta se reunirá con las familias cada trimestre"]
    result = _batch(tmp_path, header_es, [[*english, ""], spanish_row], "--bilingual")
    assert result.returncode == 0, result.stderr
    left_right = _columns(_resolution(tmp_path, english[0]))
    left = [left for left, _ in left_right]
    right = [right for _, right in left_right]
    # literally, the escaped | a | in the text, both languages in their columns
    assert "WHEREAS, our buses carry 9,000 riders | daily; and" in left
    assert "POR CUANTO, nuestros autobuses llevan 9.000 pasajeros | al día; y" in right
    second = right[left.index("WHEREAS, the Lakeside Tribe's lands hold our schools; now, therefore,")]
    assert "[traducción pendiente" in second and "the Lakeside Tribe's lands hold our schools" in second
    # the first clause just after the families clause, the second after every provision's clause
    families = next(i for i, text in enumerate(left) if text.startswith(
        f"BE IT FURTHER RESOLVED that {_lead('families', 'en')}"))
    assert left[families + 1] == "BE IT FURTHER RESOLVED that the Board thanks its bus drivers;"
    assert right[families + 1] == "SE RESUELVE ADEMÁS que la Junta agradece a sus choferes;"
    last = left.index("BE IT FURTHER RESOLVED that night classes ∑ 夜 remain open to every family;")
    groups = [i for i, text in enumerate(left) if any(text.startswith(f"BE IT FURTHER RESOLVED that {_lead(g.id, 'en')}")
                                                      for g in load_library().resolution.clause_groups)]
    assert groups and last > max(groups)
    assert "[traducción pendiente" in right[last]
    # the figures and the two earlier resolutions
    assert any("12,400 students speak 47 languages" in text for text in left)
    assert any("Resolution No. 17-01" in text and "Safe Haven Schools" in text and "2019/4" in text for text in left)
    # a Spanish row's local.clauses is in Spanish; the English column shows the translation is needed
    spanish_text = _columns(_resolution(tmp_path, spanish[0], spanish=True))
    mine = next((es, en) for es, en in spanish_text if "la Junta se reunirá con las familias cada trimestre" in es)
    assert mine[0] == "SE RESUELVE ADEMÁS que la Junta se reunirá con las familias cada trimestre;"
    assert "[translation needed" in mine[1]
    # every translation note is a warning naming the row, and is in the report
    for row, name, path in [(2, english[0], "local.recitals[1].es"), (2, english[0], "local.clauses[1].es"),
                            (3, spanish[0], "local.clauses[0].en")]:
        assert f"warning: row {row} ({name}): {path}: has no " in result.stderr, result.stderr
    assert "local.clauses[0].en: has no English text" in _report(tmp_path)["3"]["warnings"]
    assert result.stderr.count("warning: ") == 3


def test_misaligned_too_many_blank_or_doubled_items_refuse_the_row_naming_the_column(tmp_path):
    header = [*BASE, "local.clauses.en", "local.clauses.es", "local.clauses.place", "local.recitals",
              "local.recitals.en", "local.reaffirms.number", "local.reaffirms.date"]

    def row(name: str, **cells: str) -> list[str]:
        values = {**dict.fromkeys(header, ""), **dict(zip(BASE, [name, "OR", "Board", "en"])), **cells}
        return [values[column] for column in header]

    rows = [
        row("Misaligned", **{"local.clauses.en": "a|b|c", "local.clauses.es": "a|b"}),
        row("Too Many", **{"local.recitals": "1|2|3|4|5|6"}),
        row("Blank Item", **{"local.clauses.en": "a||c", "local.clauses.es": "a||c"}),
        row("Doubled", **{"local.recitals": "a", "local.recitals.en": "b"}),
        row("Place Alone", **{"local.clauses.place": "families"}),
        row("Places Misaligned", **{"local.clauses.en": "a|b", "local.clauses.place": "families"}),
        row("Dates Misaligned", **{"local.reaffirms.number": "17-01|18-02", "local.reaffirms.date": "2017-01-10"}),
        row("Unknown Place", **{"local.clauses.en": "a", "local.clauses.place": "lunch"}),
        row("Good School District"),
    ]
    result = _batch(tmp_path, header, rows)
    assert result.returncode == 2
    expected = {
        2: "local.clauses.es: its items do not match those of local.clauses.en (2 against 3)",
        3: "local.recitals: has 6 items; at most 5 fit a resolution",
        4: "local.clauses.en, local.clauses.es: item 2 is blank in every column",
        5: "local.recitals and local.recitals.en: both give the text in the row's language",
        6: "local.clauses.place: the row gives no clauses to place",
        7: "local.clauses.place: its items do not match those of local.clauses.en (1 against 2)",
        8: "local.reaffirms.date: its items do not match those of local.reaffirms.number (1 against 2)",
        9: "local.clauses[0].place: is not a place for a clause; the places are: end, enrollment",
    }
    report = _report(tmp_path)
    for number, problem in expected.items():
        assert report[str(number)]["status"] == "failed"
        assert problem in report[str(number)]["problems"], (number, report[str(number)]["problems"])
        assert f"row {number} ({rows[number - 2][0]}): {problem}" in result.stderr
    assert report["10"]["status"] == "built"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["batch-report.csv", "good-school-district"]


def test_defaults_share_recitals_and_clauses_but_never_a_districts_figures_or_history(tmp_path):
    shared = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    shared["local"] = {"facts": {"students": 99999, "languages_spoken": 88},
                       "reaffirms": [{"number": "OTHER-17", "title": "Another District's Resolution"}],
                       "recitals": [{"en": "the Riverside Educators Union stands with every family",
                                     "es": "el Sindicato de Educadores de Riverside apoya a cada familia"}],
                       "clauses": [{"en": "the Board shall hear the union's report each spring",
                                    "es": "la Junta escuchará el informe del sindicato cada primavera",
                                    "place": "partners"}]}
    (tmp_path / "shared.yaml").write_text(yaml.safe_dump(shared, allow_unicode=True), encoding="utf-8")
    header = ["district.name", "district.state", "board.name", "local.recitals", "local.facts.students"]
    rows = [["Lakeside School District", "OR", "Board of Directors", "", ""],
            ["Hillside School District", "OR", "Board of Directors", "Hillside's own recital", "5,000"]]
    result = _batch(tmp_path, header, rows, "--defaults", str(tmp_path / "shared.yaml"))
    assert result.returncode == 0, result.stderr
    assert "warning: " in result.stderr and "local.facts, local.reaffirms are each district's own" in result.stderr
    lakeside = "\n".join(p.text for p in _resolution(tmp_path, rows[0][0]).paragraphs)
    assert any(line.startswith("WHEREAS, the Riverside Educators Union stands with every family;")
               for line in lakeside.splitlines())
    assert "BE IT FURTHER RESOLVED that the Board shall hear the union's report each spring;" in lakeside.splitlines()
    for theirs in ("99,999", "88 languages", "OTHER-17", "Another District's Resolution"):
        assert theirs not in lakeside
    hillside = [p.text for p in _resolution(tmp_path, rows[1][0]).paragraphs]
    assert any(line.startswith("WHEREAS, Hillside's own recital;") for line in hillside)  # a row's own replace the shared
    assert not any("Riverside Educators Union" in text for text in hillside)
    assert any("5,000 students" in text for text in hillside)
    assert "BE IT FURTHER RESOLVED that the Board shall hear the union's report each spring;" in hillside
    # English documents, both languages given: no translation is needed, so no warning but the defaults'
    assert result.stderr.count("warning: ") == 1


def test_readmes_local_columns_example_builds_as_it_says(tmp_path):
    readme = README.read_text(encoding="utf-8")
    start = readme.index("```\ndistrict.name,district.state,board.name,local.")
    (tmp_path / "districts.csv").write_text(readme[start + 4:readme.index("```", start + 4)], encoding="utf-8")
    result = safe_zone("batch", str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    text = [p.text for p in _resolution(tmp_path, "Lakeside School District").paragraphs]
    assert "BE IT FURTHER RESOLVED that Night classes | GED;" in text
    assert any("12,400 students" in line for line in text)
    assert "warning: row 2 (Lakeside School District): local.clauses[1].es" not in result.stderr  # English only
