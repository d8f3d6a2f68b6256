"""Edited drafts come back: the redline's tracked changes, read back from its XML, and the protections report.

The drafts are edited the way a person would, with python-docx, on whatever the library's text is today:
the clauses and words to edit are found through the data (protections.yaml), not written here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from helpers import example_data, safe_zone
from resolution_builder import build_documents, compose, load_answers, load_library
from resolution_builder.build import answers_to_yaml
from resolution_builder.redline.compare import CompareError, compare_drafts
from resolution_builder.redline.protections import load_protections
from resolution_builder.word.carried_answers import read_answers, read_carried

AUTHOR = "Safe Zone Builder"
W_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def drafts(language: str = "en", **output) -> dict[str, bytes]:
    answers, _ = load_answers({**example_data(), "language": language, "output": output})
    return {kind: d.content for kind, d in build_documents(answers).items()}


def edit(content: bytes, change) -> bytes:
    document = docx.Document(BytesIO(content))
    change(document)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def all_paragraphs(document) -> list:
    return [p for p in document.element.body.iter(qn("w:p"))]


def texts_of(content: bytes) -> list[str]:
    """Every paragraph's text, tables included, as python-docx reads it (no tracked changes in these)."""
    document = docx.Document(BytesIO(content))
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in all_paragraphs(document)]


def _mark(paragraph, tag: str) -> bool:
    rpr = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    return rpr is not None and rpr.find(qn(tag)) is not None


def _inside(element, tag: str) -> bool:
    return any(a.tag == qn(tag) for a in element.iterancestors())


def accepted(content: bytes) -> list[str]:
    """The redline with every change accepted, applied by hand: deleted text and paragraphs go, insertions stay."""
    document = docx.Document(BytesIO(content))
    return ["".join(t.text or "" for t in p.iter(qn("w:t")) if not _inside(t, "w:del"))
            for p in all_paragraphs(document) if not _mark(p, "w:del")]


def rejected(content: bytes) -> list[str]:
    """Every change rejected: deleted text comes back, insertions go."""
    document = docx.Document(BytesIO(content))
    return ["".join(t.text or "" for t in p.iter(qn("w:t"), qn("w:delText")) if not _inside(t, "w:ins"))
            for p in all_paragraphs(document) if not _mark(p, "w:ins")]


def revisions(content: bytes, tag: str) -> list:
    return list(docx.Document(BytesIO(content)).element.body.iter(qn(tag)))


def revision_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t"), qn("w:delText")))


def key_term(text: str, language: str = "en") -> str | None:
    """The longest key protection term the text contains (from protections.yaml)."""
    terms = [t for t in load_protections()[language].terms
             if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text, re.IGNORECASE)]
    return max(terms, key=len) if terms else None


def _deadline(text: str, language: str = "en"):
    units = "|".join(load_protections()[language].duration_units)
    return re.search(rf"(\d+) ({units})\b", text)


def replace_in_runs(paragraph, old: str, new: str) -> None:
    for run in paragraph.runs:
        if old in run.text:
            run.text = run.text.replace(old, new, 1)
            return
    raise AssertionError(f"{old!r} is not within one run of {paragraph.text!r}")


@pytest.fixture(scope="module")
def english():
    return drafts("en")


@pytest.fixture(scope="module")
def four_edits(english):
    """The resolution with a clause deleted, a deadline lengthened, a paragraph added and a key term removed."""
    original = english["resolution"]
    document = docx.Document(BytesIO(original))
    clauses = [p for p in document.paragraphs if p.style.name == "Resolved Clause"]
    deadline = next(p for p in clauses if _deadline(p.text))
    weakened = next(p for p in clauses if p is not deadline and key_term(p.text) and " " in key_term(p.text))
    removed = next(p for p in clauses if p not in (deadline, weakened))
    facts = {"removed": removed.text, "weakened_before": weakened.text, "term": key_term(weakened.text),
             "deadline_before": deadline.text}
    number = _deadline(deadline.text)
    facts["old_number"], facts["new_number"] = number.group(1), str(int(number.group(1)) * 2)
    replace_in_runs(deadline, number.group(0), f"{facts['new_number']} {number.group(2)}")
    term = facts["term"]
    run = next(r for r in weakened.runs if re.search(re.escape(term), r.text, re.IGNORECASE))
    run.text = re.sub(rf"{re.escape(term)} ?", "", run.text, count=1, flags=re.IGNORECASE)
    facts["weakened_after"] = weakened.text
    added = removed.insert_paragraph_before("The Board will revisit this resolution every year.",
                                            style=removed.style)
    facts["added"] = added.text
    removed._p.getparent().remove(removed._p)
    out = BytesIO()
    document.save(out)
    edited = out.getvalue()
    return original, edited, compare_drafts(edited), facts


def test_every_draft_carries_its_answers(english):
    answers, _ = load_answers(example_data())
    for kind, content in english.items():
        carried = read_carried(content)
        assert carried.document == kind
        assert load_answers(carried.answers)[0] == answers
        assert carried.answers == load_answers(read_answers(content))[0].model_dump(mode="json", exclude_none=True)
    assert "# Safe Zone Builder answers file" in answers_to_yaml(answers)


def _without(content: bytes, dropped) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if not dropped(info.filename):
                target.writestr(info, source.read(info))
    return out.getvalue()


def test_the_answers_survive_when_an_editor_keeps_only_one_of_the_two_copies(english):
    answers, _ = load_answers(example_data())
    only_property = _without(english["policy"], lambda name: name.startswith("customXml/"))
    only_custom_xml = _without(english["policy"], lambda name: name == "docProps/custom.xml")
    for content in (only_property, only_custom_xml):
        carried = read_carried(content)
        assert carried.document == "policy" and load_answers(carried.answers)[0] == answers
    neither = _without(only_property, lambda name: name == "docProps/custom.xml")
    assert read_carried(neither) is None


def test_the_redline_tracks_each_edit_as_a_real_revision(four_edits):
    original, edited, comparison, facts = four_edits
    redline = comparison.redline
    deletions, insertions = revisions(redline, "w:del"), revisions(redline, "w:ins")
    for mark in deletions + insertions:
        assert mark.get(qn("w:author")) == AUTHOR and W_DATE.match(mark.get(qn("w:date")))
    ids = [m.get(qn("w:id")) for m in deletions + insertions]
    assert len(ids) == len(set(ids)), "revision ids are unique"
    deleted_words = [revision_text(m) for m in deletions]
    inserted_words = [revision_text(m) for m in insertions]
    # The deadline: the old number deleted, the new one inserted, in the same paragraph, word by word.
    assert facts["old_number"] in deleted_words and facts["new_number"] in inserted_words
    # The key term taken out of a sentence: only those words are deleted, the rest of the sentence stays.
    assert any(w.strip().casefold() == facts["term"].casefold() for w in deleted_words)
    # The deleted clause comes back as one deleted paragraph (its mark deleted, so accepting removes it).
    document = docx.Document(BytesIO(redline))
    gone = [p for p in all_paragraphs(document) if _mark(p, "w:del")]
    assert [revision_text(p) for p in gone] == [facts["removed"]]
    assert gone[0].find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "ResolvedClause", "style kept"
    added = [p for p in all_paragraphs(document) if _mark(p, "w:ins")]
    assert [revision_text(p) for p in added] == [facts["added"]]


def test_accepting_all_reads_as_the_edited_draft_and_rejecting_as_the_original(four_edits):
    original, edited, comparison, _ = four_edits
    assert accepted(comparison.redline) == texts_of(edited)
    assert rejected(comparison.redline) == texts_of(original)


def test_the_report_says_what_each_edit_did_to_the_protections(four_edits, english):
    original, edited, comparison, facts = four_edits
    report = comparison.report.as_dict()
    statuses = {p["id"]: p["status"] for p in report["provisions"]}
    answers, _ = load_answers(example_data())
    assert {c.id for c in answers.provisions} <= set(statuses)
    changed = {p["id"] for p in report["provisions"] if p["status"] == "changed"}
    # An edit inside a lettered part of a shared clause counts for that part's provision only (issue 27): the key
    # term removed is in the enrollment part of the example's shared enrollment clause, the lengthened deadline in
    # the training clause.
    assert changed == {"immediate-enrollment", "staff-training"}
    assert "kept" in statuses.values()
    by_rule = {w["rule"]: w for w in report["warnings"]}
    assert by_rule["deadline_longer"]["before"].startswith(facts["old_number"])
    assert by_rule["deadline_longer"]["after"].startswith(facts["new_number"])
    assert by_rule["term_removed"]["before"].casefold() == facts["term"].casefold()
    assert by_rule["term_removed"]["part"] == "clause" and by_rule["term_removed"]["number"].isdigit()
    # The deleted clause is the example's first, the whole of safe-zone-declaration's resolution text.
    assert facts["removed"].startswith("BE IT RESOLVED that the Board declares every school")
    assert by_rule["provision_removed"]["provision"] == "safe-zone-declaration"
    assert statuses["safe-zone-declaration"] == "removed"
    for warning in report["warnings"]:
        assert warning["provision"] in changed | {p for p, s in statuses.items() if s == "removed"}
    change = next(c for p in report["provisions"] for c in p["changes"] if c["before"] == facts["weakened_before"])
    assert change["after"] == facts["weakened_after"] and change["op"] == "changed"
    assert [c["after"] for c in report["other_changes"]] == [facts["added"]]


def test_an_unedited_draft_has_no_changes(english):
    for kind, content in english.items():
        comparison = compare_drafts(content)
        assert comparison.document == kind
        assert comparison.report.changed_paragraphs == 0 and not comparison.report.warnings
        assert {p.status for p in comparison.report.provisions} == {"kept"}
        assert not revisions(comparison.redline, "w:ins") and not revisions(comparison.redline, "w:del")


def test_removing_every_paragraph_of_a_provision_reports_it_removed_first(english):
    answers, _ = load_answers(example_data())
    target = answers.provisions[0].id
    from resolution_builder import compose
    plan = compose(answers)
    own = {x.text for x in (*plan.resolution.recitals, *plan.resolution.clauses) if x.provision_id == target}

    def drop(document):
        for paragraph in document.paragraphs:
            if paragraph.text in own:
                paragraph._p.getparent().remove(paragraph._p)

    report = compare_drafts(edit(english["resolution"], drop)).report
    assert {p.id: p.status for p in report.provisions}[target] == "removed"
    assert report.warnings[0].rule == "provision_removed" and report.warnings[0].provision == target


def test_policy_shall_becoming_may_is_a_weakening(english):
    def soften(document):
        rule = next(p for p in document.paragraphs if p.style.name == "Policy Rule" and " shall " in p.text)
        replace_in_runs(rule, " shall ", " may ")

    report = compare_drafts(edit(english["policy"], soften)).report
    assert report.document == "policy"
    assert any(w.rule == "weaker_word" and w.after == "may" and w.part == "policy" for w in report.warnings)
    assert sum(p.status == "changed" for p in report.provisions) == 1


def test_a_weakened_rule_is_named_by_the_number_the_draft_prints_it_under(english):
    """The report's "policy 4.3" is the plan's number, which tests/test_libreoffice.py checks against the layout."""
    plan = compose(load_answers({**example_data(), "language": "en", "output": {}})[0])
    rules = [p for s in plan.policy.sections for p in s.paragraphs if p.kind == "rule" and " shall " in p.text]
    target = rules[len(rules) // 2]  # one from the middle, far from the first section's numbers

    def soften(document):
        rule = next(p for p in document.paragraphs if p.text == target.text)
        replace_in_runs(rule, " shall ", " may ")

    report = compare_drafts(edit(english["policy"], soften)).report
    weakened = [(w.provision, w.part, w.number) for w in report.warnings if w.rule == "weaker_word"]
    assert weakened == [(target.provision_id, "policy", target.number)]


def test_spanish_draft(english):
    spanish = drafts("es")["resolution"]

    def weaken(document):
        clause = next(p for p in document.paragraphs if p.style.name == "Resolved Clause" and key_term(p.text, "es"))
        term = key_term(clause.text, "es")
        run = next(r for r in clause.runs if term.casefold() in r.text.casefold())
        run.text = re.sub(re.escape(term), "", run.text, count=1, flags=re.IGNORECASE)

    comparison = compare_drafts(edit(spanish, weaken))
    assert any(w.language == "es" and w.rule == "term_removed" for w in comparison.report.warnings)
    assert accepted(comparison.redline) == texts_of(edit(spanish, weaken))


def test_bilingual_edition_rows_and_cells(english):
    bilingual = drafts("en", bilingual=True)["resolution"]
    facts = {}

    def change(document):
        table = document.tables[0]
        rows = [r for r in table.rows if r.cells[0].paragraphs[0].style.name.startswith("Resolved Clause")]
        facts["gone"] = [c.text for c in rows[1].cells]
        rows[1]._tr.getparent().remove(rows[1]._tr)
        cell = rows[3].cells[1].paragraphs[0]
        word = next(w for w in cell.text.split() if len(w) > 6 and w.isalpha() and w.islower())
        replace_in_runs(cell, word, word.upper())
        facts["word"] = word

    edited = edit(bilingual, change)
    comparison = compare_drafts(edited)
    redline = docx.Document(BytesIO(comparison.redline))
    deleted_rows = [r for r in redline.element.body.iter(qn("w:tr")) if r.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None]
    assert [[revision_text(c) for c in r.iter(qn("w:tc"))] for r in deleted_rows] == [facts["gone"]]
    assert facts["word"] in [revision_text(m) for m in redline.element.body.iter(qn("w:del"))]
    assert facts["word"].upper() in [revision_text(m) for m in redline.element.body.iter(qn("w:ins"))]
    assert accepted(comparison.redline) == texts_of(edited)
    assert rejected(comparison.redline) == texts_of(bilingual)
    languages = {c.language for p in comparison.report.provisions for c in p.changes}
    assert languages == {"en", "es"} and comparison.report.bilingual
    one_sided = [w for w in comparison.report.warnings if w.rule == "one_language_changed"]
    assert [(w.language, w.part) for w in one_sided] == [("es", "clause")]


def test_a_moved_clause_is_reported_moved_not_removed(english):
    facts = {}

    def move(document):
        clauses = [p for p in document.paragraphs if p.style.name == "Resolved Clause"]
        facts["text"] = clauses[1].text
        clauses[-2]._p.addnext(clauses[1]._p)

    report = compare_drafts(edit(english["resolution"], move)).report
    changes = [c for p in report.provisions for c in p.changes]
    assert [(c.op, c.before) for c in changes if c.before == facts["text"]] == [("moved", facts["text"])]
    assert not report.other_changes
    moved_from = next(p for p in report.provisions if any(c.op == "moved" for c in p.changes))
    assert moved_from.status == "changed"
    assert not [w for w in report.warnings if w.provision == moved_from.id]


def test_a_paragraph_added_inside_a_provision_with_an_exception_is_a_warning(english):
    from resolution_builder import compose
    from resolution_builder.redline.report import plan_items
    answers, _ = load_answers(example_data())
    items = plan_items(compose(answers), "policy", "es")
    first, second = next((a, b) for a, b in zip(items, items[1:]) if a.provision_id == b.provision_id)
    exception = load_protections()["en"].weaker_words[-1]

    def add(document):
        paragraph = next(p for p in document.paragraphs if p.text == first.text)
        paragraph._p.addnext(docx.Document().add_paragraph(f"{exception.capitalize()} the above, staff decide.")._p)

    report = compare_drafts(edit(english["policy"], add)).report
    statuses = {p.id: p.status for p in report.provisions}
    assert statuses[first.provision_id] == "changed" and list(statuses.values()).count("changed") == 1
    assert [(w.rule, w.after, w.provision) for w in report.warnings] == [("weaker_word", exception,
                                                                          first.provision_id)]


def test_annotated_edition_keeps_its_comments(english):
    annotated = drafts("en", annotated=True)["resolution"]

    def change(document):
        clause = next(p for p in document.paragraphs if p.style.name == "Resolved Clause")
        clause.runs[-1].text += " As amended."

    comparison = compare_drafts(edit(annotated, change))
    assert comparison.report.changed_paragraphs == 1
    assert docx.Document(BytesIO(comparison.redline)).comments, "the annotations are still there"
    assert accepted(comparison.redline) == texts_of(edit(annotated, change))


def test_against_a_given_original(english):
    edited = edit(english["policy"], lambda d: d.add_paragraph("Added at the end."))
    comparison = compare_drafts(edited, against=english["policy"])
    assert not comparison.rebuilt
    assert [c.after for c in comparison.report.other_changes] == ["Added at the end."]


def test_foreign_and_broken_files_are_refused(tmp_path):
    foreign = BytesIO()
    docx.Document().save(foreign)
    with pytest.raises(CompareError, match="carries no Safe Zone Builder answers"):
        compare_drafts(foreign.getvalue())
    with pytest.raises(CompareError, match="not a Word document"):
        compare_drafts(b"plain text, not a zip")


def cli_process(*args: str) -> subprocess.CompletedProcess:
    """``safe-zone ARGS`` as its own process, as a person runs it."""
    return subprocess.run([sys.executable, "-m", "resolution_builder", *args], capture_output=True, text=True,
                          timeout=120)


def cli(*args: str) -> subprocess.CompletedProcess:
    """``safe-zone ARGS`` in this process (``helpers.safe_zone``): the refusals and the files, without a new
    interpreter for each."""
    return safe_zone(*args)


def test_cli_compare_writes_the_redline_and_prints_the_report(tmp_path, four_edits):
    _, edited, _, facts = four_edits
    (tmp_path / "edited.docx").write_bytes(edited)
    result = cli_process("compare", str(tmp_path / "edited.docx"), "-o", str(tmp_path / "out" / "redline.docx"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "redline.docx").is_file()
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Compared the edited resolution with the original rebuilt")
    warnings_at = next(k for k, line in enumerate(lines) if line.startswith("Protections weakened"))
    provisions_at = next(k for k, line in enumerate(lines) if line.startswith("Provisions:"))
    assert warnings_at < provisions_at and lines[warnings_at + 1].startswith("  ! ")
    assert any(facts["term"] in line for line in lines[warnings_at:provisions_at])
    result = cli("compare", str(tmp_path / "edited.docx"), "-o", str(tmp_path / "r.docx"), "--json")
    data = json.loads(result.stdout)
    assert set(data) >= {"provisions", "warnings"}
    assert {p["status"] for p in data["provisions"]} <= {"kept", "changed", "removed"}
    assert all({"id", "title", "status", "changes"} <= set(p) for p in data["provisions"])


@pytest.mark.parametrize("content, message", [
    (b"not a zip", "is not a Word document (.docx)"),
    (None, "carries no Safe Zone Builder answers"),
])
def test_cli_compare_refuses_with_exit_2_and_no_traceback(tmp_path, content, message):
    path = tmp_path / "foreign.docx"
    if content is None:
        docx.Document().save(path)
    else:
        path.write_bytes(content)
    result = cli("compare", str(path), "-o", str(tmp_path / "r.docx"))
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "r.docx").exists()
    (tmp_path / "answers.yaml").write_text("district: {}\n")
    result = cli("compare", str(tmp_path / "answers.yaml"), "-o", str(tmp_path / "r.docx"))
    assert result.returncode == 2 and "is not a Word document" in result.stderr


def test_edits_the_editor_already_tracked_count_as_made(four_edits):
    original, edited, comparison, _ = four_edits
    again = compare_drafts(comparison.redline)  # a draft full of tracked changes, as counsel might send it
    assert again.report.as_dict()["provisions"] == comparison.report.as_dict()["provisions"]
    assert accepted(again.redline) == texts_of(edited) and rejected(again.redline) == texts_of(original)


def test_edits_across_runs_keep_each_runs_formatting(english):
    def change(document):
        clause = next(p for p in document.paragraphs if p.style.name == "Resolved Clause" and len(p.runs) >= 2)
        lead = clause.runs[0]
        rest = next(run for run in clause.runs[1:] if len(run.text.split()) > 2)  # the clause's words after it
        lead.text = lead.text + ","  # the bold connective words gain a comma
        rest.text = " and" + rest.text[rest.text.index(" ", 1):] + " Amended."  # the first word replaced

    edited = edit(english["resolution"], change)
    comparison = compare_drafts(edited)
    assert accepted(comparison.redline) == texts_of(edited)
    assert rejected(comparison.redline) == texts_of(english["resolution"])
    document = docx.Document(BytesIO(comparison.redline))
    comma = next(m for m in document.element.body.iter(qn("w:ins")) if revision_text(m) == ",")
    assert comma.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == "Connective"
    assert comparison.report.changed_paragraphs == 1


def _immediate_paragraphs(content: bytes, language: str = "en") -> dict[str, str]:
    """The first paragraph text holding each of the data's "at once" words within one run, by word."""
    found = {}
    for paragraph in docx.Document(BytesIO(content)).paragraphs:
        for word in load_protections()[language].immediate:
            if word not in found and any(word in run.text for run in paragraph.runs):
                found[word] = paragraph.text
    return found


@pytest.mark.parametrize(("language", "kind", "word", "period"), [
    ("en", "resolution", "without delay", "within 30 days"),  # resolved clause: "enroll ... without delay"
    ("en", "policy", "at once", "within 30 days"),  # policy 3.2: "shall enroll at once"
    ("es", "policy", "de inmediato", "en un plazo de 30 días"),
])
def test_a_duty_to_act_at_once_given_a_time_limit_is_a_weakening(language, kind, word, period):
    content = drafts(language)[kind]
    text = _immediate_paragraphs(content, language)[word]

    def delay(document):
        replace_in_runs(next(p for p in document.paragraphs if p.text == text), word, period)

    report = compare_drafts(edit(content, delay)).report
    warned = [(w.rule, w.before, w.after) for w in report.warnings]
    assert warned == [("immediate_delayed", word, period.split()[-2] + " " + period.split()[-1])]
    assert sum(p.status == "changed" for p in report.provisions) == 1


@pytest.mark.parametrize(("language", "before", "after", "rule"), [
    ("en", "no later than July 1, 2026", "no later than July 1, 2027", "deadline_later"),
    ("en", "no later than July 1, 2026", "no later than June 1, 2026", None),
    ("es", "a más tardar el 1 de julio de 2026", "a más tardar el 1 de septiembre de 2026", "deadline_later"),
    ("en", "within 48 hours", "within 5 days", "deadline_longer"),
    ("en", "The District shall report", "The District may report", "weaker_word"),
])
def test_later_dates_and_longer_limits_are_weakenings(language, before, after, rule):
    from resolution_builder.redline.report import Change, weakening
    warnings = weakening(Change("changed", "policy", "1.1", language, before, after), "p", "P")
    assert (rule in [w.rule for w in warnings]) if rule else not warnings


def _shared_clause_with(term: str):
    """The example's shared resolved clause, the lettered part holding ``term`` and that part's provision."""
    from resolution_builder import compose
    answers, _ = load_answers(example_data())
    for number, clause in enumerate(compose(answers).resolution.clauses, 1):
        for pid, words in clause.parts:
            if term in words:
                return number, clause, pid
    raise AssertionError(f"no shared clause holds {term!r}")


def test_an_edit_in_a_shared_clause_is_blamed_on_the_provision_whose_part_it_is_in(english):
    number, clause, owner = _shared_clause_with("judicial warrant")
    assert len(clause.parts) > 2 and clause.parts[0][0] != owner, "the part is not the clause's first"

    def drop_judicial(document):
        paragraph = next(p for p in document.paragraphs if p.text == clause.text)
        replace_in_runs(paragraph, "judicial warrant", "warrant")

    edited = edit(english["resolution"], drop_judicial)
    report = compare_drafts(edited).report
    assert [(w.provision, w.rule, w.before, w.part, w.number) for w in report.warnings] == [
        (owner, "term_removed", "judicial warrant", "clause", str(number))]
    assert [p.id for p in report.provisions if p.status == "changed"] == [owner]


def test_an_edit_to_the_words_every_part_shares_counts_for_every_provision(english):
    number, clause, _ = _shared_clause_with("judicial warrant")

    def reword_lead(document):
        paragraph = next(p for p in document.paragraphs if p.text == clause.text)
        first = clause.parts[0][1]
        lead = paragraph.text[:paragraph.text.index(first)].split()[-3]  # a word before the first part
        replace_in_runs(paragraph, f" {lead} ", f" {lead} also ")

    report = compare_drafts(edit(english["resolution"], reword_lead)).report
    assert {p.id for p in report.provisions if p.status == "changed"} == {pid for pid, _ in clause.parts}


def test_cli_names_the_provision_and_counts_one_paragraph(english, tmp_path):
    number, clause, owner = _shared_clause_with("judicial warrant")

    def drop_judicial(document):
        replace_in_runs(next(p for p in document.paragraphs if p.text == clause.text), "judicial warrant", "warrant")

    (tmp_path / "edited.docx").write_bytes(edit(english["resolution"], drop_judicial))
    result = cli("compare", str(tmp_path / "edited.docx"), "-o", str(tmp_path / "redline.docx"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == f"Redline written to {tmp_path / 'redline.docx'}: 1 paragraph with tracked changes."
    title = load_library().provisions[owner].title["en"]
    assert [line for line in lines if line.startswith("  ! ")] == [
        f"  ! {title}, resolved clause {number}: \"judicial warrant\" was removed"]
    assert [line.split("[")[-1] for line in lines if line.startswith("  changed ")] == [f"{owner}]"]


def test_cli_compare_never_overwrites_an_input_and_replaces_a_redline_only_with_force(english, tmp_path):
    edited = tmp_path / "edited.docx"
    edited.write_bytes(english["policy"])
    for args in (["-o", str(edited)], ["-o", str(edited), "--force"]):
        result = cli("compare", str(edited), *args)
        assert result.returncode == 2 and "is the draft being compared" in result.stderr
        assert edited.read_bytes() == english["policy"]
    original = tmp_path / "original.docx"
    original.write_bytes(english["policy"])
    result = cli("compare", str(edited), "--against", str(original), "-o", str(original), "--force")
    assert result.returncode == 2 and original.read_bytes() == english["policy"]
    (tmp_path / "alias.docx").symlink_to(edited)
    result = cli("compare", str(edited), "-o", str(tmp_path / "alias.docx"), "--force")
    assert result.returncode == 2 and edited.read_bytes() == english["policy"]
    existing = tmp_path / "redline.docx"
    existing.write_text("an earlier redline")
    result = cli("compare", str(edited), "-o", str(existing))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"{existing}: already exists; choose another name with -o, or add --force "
                                          "to replace it"]
    assert existing.read_text() == "an earlier redline"
    assert cli("compare", str(edited), "-o", str(existing), "--force").returncode == 0
    assert existing.read_bytes()[:2] == b"PK"


def test_cli_compare_replaces_a_symlink_at_the_redline_never_writing_through_it(english, tmp_path):
    edited = tmp_path / "edited.docx"
    edited.write_bytes(english["resolution"])
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours")
    link = tmp_path / "out" / "redline.docx"
    link.parent.mkdir()
    link.symlink_to(victim)
    result = cli("compare", str(edited), "-o", str(link))
    assert result.returncode == 2 and "already exists" in result.stderr
    assert cli("compare", str(edited), "-o", str(link), "--force").returncode == 0
    assert victim.read_text() == "not yours"
    assert not link.is_symlink() and link.read_bytes()[:2] == b"PK"


def test_cli_compare_refuses_another_kind_of_document_against(english, tmp_path):
    (tmp_path / "policy.docx").write_bytes(english["policy"])
    (tmp_path / "resolution.docx").write_bytes(english["resolution"])
    result = cli("compare", str(tmp_path / "policy.docx"), "--against", str(tmp_path / "resolution.docx"),
                 "-o", str(tmp_path / "redline.docx"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"{tmp_path / 'resolution.docx'}: is the resolution and "
                                          f"{tmp_path / 'policy.docx'} the policy; give the original of the same "
                                          "document with --against"]
    assert not (tmp_path / "redline.docx").exists()


def test_cli_compare_refuses_a_folder_or_a_pipe_given_as_a_draft(tmp_path):
    import os
    (tmp_path / "folder.docx").mkdir()
    os.mkfifo(tmp_path / "pipe.docx")
    for name in ("folder.docx", "pipe.docx"):
        result = cli("compare", str(tmp_path / name), "-o", str(tmp_path / "redline.docx"))
        assert result.returncode == 2 and result.stderr.splitlines() == [
            f"{tmp_path / name}: is not a file (a folder, a device or a pipe cannot be compared)"]
