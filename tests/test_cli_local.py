"""The CLI and the district's own voice: ``build`` and ``check`` warn on standard error for each own recital or
clause with no text in a language the documents print; ``safe-zone example`` shows a ``local:`` section commented
out, one explained line per field, that builds as it says once uncommented."""

from __future__ import annotations

import json
import re

import docx
import yaml

from helpers import minimal_data, safe_zone
from resolution_builder.answers.local import Facts, OwnClause, Reaffirmed
from resolution_builder.library import load_library

LOCAL = {"recitals": [{"en": "the Lakeside community welcomed 300 newcomer families in 2025"}],
         "clauses": [{"es": "la Junta se reunirá con las familias cada trimestre", "place": "families"}]}


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning: ")]


def test_build_and_check_warn_for_each_missing_translation_naming_the_field(tmp_path):
    data = minimal_data(local=LOCAL, provisions=[{"id": "parent-notification"}])
    result = safe_zone("build", "-", "-o", str(tmp_path / "one"), stdin=json.dumps(data))
    assert result.returncode == 0, result.stderr
    assert _warnings(result.stderr) == [
        "warning: local.clauses[0].en: has no English text, so the draft shows “[translation needed]” with the other "
        "language's text in its place; add the translation, or the Board will see the placeholder"]
    text = [p.text for p in docx.Document(str(tmp_path / "one" / "lakeside-school-district-resolution.docx")).paragraphs]
    assert any(line.startswith("BE IT FURTHER RESOLVED that [translation needed; the Spanish text reads: “la Junta se "
                               "reunirá con las familias cada trimestre”]") for line in text)
    # the bilingual edition prints both languages: the recital's Spanish is missing too
    both = safe_zone("build", "-", "-o", str(tmp_path / "two"), "--bilingual", stdin=json.dumps(data))
    assert both.returncode == 0, both.stderr
    assert [line.split(":")[1].strip() for line in _warnings(both.stderr)] == ["local.recitals[0].es",
                                                                              "local.clauses[0].en"]
    assert "has no Spanish text" in _warnings(both.stderr)[0]
    check = safe_zone("check", "-", stdin=json.dumps({**data, "output": {"bilingual": True}}))
    assert check.returncode == 0 and len(_warnings(check.stderr)) == 2, check.stderr
    # given in both languages, nothing to warn
    whole = minimal_data(local={"clauses": [{"en": "the Board thanks its staff", "es": "la Junta agradece a su personal"}]})
    quiet = safe_zone("build", "-", "-o", str(tmp_path / "three"), "--bilingual", stdin=json.dumps(whole))
    assert quiet.returncode == 0 and _warnings(quiet.stderr) == [], quiet.stderr


def _uncommented(example: str) -> str:
    """The example with its ``local:`` section uncommented, as its comment says: the "# " removed from each line
    from "# local:" to the last "place:"."""
    lines = example.splitlines(keepends=True)
    start = lines.index("# local:\n")
    end = max(i for i, line in enumerate(lines) if re.match(r"#\s+place:", line))
    return "".join(lines[:start] + [line[2:] for line in lines[start:end + 1]] + lines[end + 1:])


def test_examples_local_section_is_commented_out_explains_every_field_and_builds_uncommented(tmp_path):
    example = safe_zone("example").stdout
    assert "local" not in yaml.safe_load(example), "commented out: the example as printed has no local section"
    fields = [*Facts.model_fields, *Reaffirmed.model_fields, *OwnClause.model_fields]
    for name in ["facts", "reaffirms", "recitals", "clauses", *fields]:
        explained = [line for line in example.splitlines() if re.match(rf"#\s+(- )?{name}:.*\s# \S", line)]
        assert len(explained) >= 1, f"no explained line for {name}"
    (tmp_path / "answers.yaml").write_text(_uncommented(example), encoding="utf-8")
    local = yaml.safe_load(_uncommented(example))["local"]
    result = safe_zone("build", str(tmp_path / "answers.yaml"), "-o", str(tmp_path / "drafts"), "--bilingual")
    assert result.returncode == 0, result.stderr
    assert not [line for line in _warnings(result.stderr) if "local." in line], "both languages are given"
    document = docx.Document(str(tmp_path / "drafts" / "cedar-valley-unified-school-district-resolution.docx"))
    rows = [(row.cells[0].text, row.cells[1].text) for table in document.tables for row in table.rows]
    left = [en for en, _ in rows]
    recital = local["recitals"][0]
    assert (f"WHEREAS, {recital['en']}; now, therefore,", f"POR CUANTO, {recital['es']}.") in rows
    clause = local["clauses"][0]
    lead = next(g.lead["en"] for g in load_library().resolution.clause_groups if g.id == clause["place"])
    families = next(i for i, text in enumerate(left) if text.startswith(f"BE IT FURTHER RESOLVED that {lead}"))
    assert rows[families + 1] == (f"BE IT FURTHER RESOLVED that {clause['en']};",
                                  f"SE RESUELVE ADEMÁS que {clause['es']};")
    assert any("12,400 students speak 47 languages" in text and "2025–26" in text for text in left)
    assert any("Resolution No. 17-01" in text and "Safe Haven Schools" in text and "January 10, 2017" in text
               for text in left)
