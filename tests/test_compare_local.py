"""``safe-zone compare`` and the district's own words: each own clause and recital is an item of the report under
its own title, kept, changed or removed, in the single-language and the bilingual edition. The drafts are built,
edited with python-docx as a person would, and compared through the command line (its text and ``--json``)."""

from __future__ import annotations

import json
from io import BytesIO

import docx
import pytest

from helpers import load_answers, minimal_data, safe_zone
from resolution_builder import build_documents
from resolution_builder.redline.present import compare_words

LOCAL = {"recitals": [{"en": "the Lakeside community welcomed 300 newcomer families in 2025",
                       "es": "la comunidad de Lakeside recibió a 300 familias recién llegadas en 2025"}],
         "clauses": [{"en": "the Superintendent shall meet each quarter with the Lakeside Family Alliance",
                      "es": "el Superintendente se reunirá cada trimestre con la Lakeside Family Alliance",
                      "place": "families"},
                     {"en": "the Board thanks the bus drivers who bring every child to school",
                      "es": "la Junta agradece a los choferes que llevan a cada niño a la escuela"}]}
EDITS = {"en": ("each quarter", "once a year"), "es": ("cada trimestre", "una vez al año")}
TITLES = {"local-recital-1": "The District's own recital 1", "local-clause-1": "The District's own clause 1",
          "local-clause-2": "The District's own clause 2"}
EXPECTED = {"local-recital-1": "kept", "local-clause-1": "changed", "local-clause-2": "removed"}


def _resolution(bilingual: bool) -> bytes:
    data = minimal_data(local=LOCAL, provisions=[{"id": "parent-notification"}, {"id": "staff-training"}],
                        output={"bilingual": bilingual})
    answers, notes = load_answers(data)
    assert notes == []
    return build_documents(answers)["resolution"].content


def _reword(paragraph, language: str) -> None:
    old, new = EDITS[language]
    run = next(run for run in paragraph.runs if old in run.text)  # the words as a person retypes them
    run.text = run.text.replace(old, new)


def _edited(content: bytes, bilingual: bool) -> bytes:
    document = docx.Document(BytesIO(content))
    first, second = LOCAL["clauses"][0]["en"], LOCAL["clauses"][1]["en"]
    if bilingual:
        rows = [row for table in document.tables for row in table.rows]
        row = next(row for row in rows if first in row.cells[0].text)
        _reword(row.cells[0].paragraphs[0], "en")
        _reword(row.cells[1].paragraphs[0], "es")
        gone = next(row for row in rows if second in row.cells[0].text)
        gone._tr.getparent().remove(gone._tr)
    else:
        _reword(next(p for p in document.paragraphs if first in p.text), "en")
        gone = next(p for p in document.paragraphs if second in p.text)
        gone._p.getparent().remove(gone._p)
    out = BytesIO()
    document.save(out)
    assert second not in "\n".join(p.text for p in docx.Document(BytesIO(out.getvalue())).paragraphs)
    return out.getvalue()


@pytest.mark.parametrize("bilingual", [False, True], ids=["english", "bilingual"])
def test_own_clauses_and_recitals_are_reported_kept_changed_or_removed_under_their_own_titles(tmp_path, bilingual):
    (tmp_path / "edited.docx").write_bytes(_edited(_resolution(bilingual), bilingual))
    result = safe_zone("compare", str(tmp_path / "edited.docx"), "-o", str(tmp_path / "redline.docx"), "--json")
    assert result.returncode == 0, result.stderr
    report = {item["id"]: item for item in json.loads(result.stdout)["provisions"]}
    assert {pid: (report[pid]["title"], report[pid]["status"]) for pid in EXPECTED} == {
        pid: (TITLES[pid], status) for pid, status in EXPECTED.items()}
    # the change is the words retyped, in each column edited; nothing else was touched
    changed = report["local-clause-1"]["changes"]
    assert {(c["op"], c["language"]) for c in changed} == {("changed", "en")} | (
        {("changed", "es")} if bilingual else set())
    for change in changed:
        old, new = EDITS[change["language"]]
        assert (old in change["before"] and new in change["after"] and new not in change["before"]), change
    removed = report["local-clause-2"]["changes"]
    assert [c["op"] for c in removed] == (["deleted", "deleted"] if bilingual else ["deleted"])
    assert LOCAL["clauses"][1]["en"] in removed[0]["before"]
    assert report["local-recital-1"]["changes"] == []
    others = {pid: item["status"] for pid, item in report.items() if pid not in EXPECTED}
    assert set(others.values()) == {"kept"}, others
    assert json.loads(result.stdout)["other_changes"] == []
    # the text report names each under its title, with its status
    text = safe_zone("compare", str(tmp_path / "edited.docx"), "-o", str(tmp_path / "redline2.docx"))
    assert text.returncode == 0, text.stderr
    words = compare_words("en")
    for pid, status in EXPECTED.items():
        assert f"  {words['status_' + status]:<12} {TITLES[pid]} [{pid}]" in text.stdout.splitlines(), text.stdout
    assert "removed" in words["status_removed"] and "changed" in words["status_changed"]
    # the warning names the District's own clause, never "the whole provision"
    assert any(line.strip() == "! The District's own clause 2: removed from the draft"
               for line in text.stdout.splitlines()), text.stdout
    assert "own clause 2: the whole provision" not in text.stdout
