"""Uploaded drafts are read within bounds: hostile .docx files, made here from a real draft, are refused quickly,
in little memory, with one line naming the limit, on the command line and on the app's Compare page."""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO

import docx
import pytest

import hostile_drafts as hostile
from helpers import example_data, representatives
from resolution_builder import build_documents, load_answers, load_library
from resolution_builder.redline.compare import CompareError, compare_drafts
from resolution_builder.redline.present import compare_words
from resolution_builder.word.carried_answers import read_carried
from resolution_builder.word.reading import LIMITS, check_draft

PEAK_MB = 150  # the CLI's peak memory on any refused file (an unchanged draft compares in about 70 MB)
WORDS = compare_words("en")


def limit_text(limit: str) -> str:
    value = LIMITS[limit] // 1_000_000 if limit in ("file_size", "part_size", "total_size") else LIMITS[limit]
    return WORDS[f"limit_{limit}"].format(limit=f"{value:,}")


NO_ANSWERS = ("carries no Safe Zone Builder answers; only drafts made by Safe Zone Builder (or saved from one) can "
              "be compared")
CASES = {  # name: (how the file is made from the resolution or the bilingual resolution, what the message says)
    "paragraphs-100000": (lambda d: hostile.paragraphs(d["resolution"], 100_000), "paragraphs"),
    "bilingual-rows-20000": (lambda d: hostile.table_rows(d["bilingual"], 20_000), "rows"),
    "image-bomb-200MB": (lambda d: hostile.image_bomb(d["resolution"], 200), "part_size"),
    "image-bomb-packed-1000-to-1": (lambda d: hostile.image_bomb(d["resolution"], 20), "compression"),
    "custom-xml-800": (lambda d: hostile.custom_xml_items(d["resolution"], 800), "custom_xml"),
    "huge-without-answers": (lambda d: hostile.paragraphs(hostile.without_answers(d["resolution"]), 100_000), None),
}


def expected(limit: str | None) -> str:
    return NO_ANSWERS if limit is None else f"not read: {limit_text(limit)}"


@pytest.fixture(scope="module")
def real() -> dict[str, bytes]:
    answers, _ = load_answers(example_data())
    bilingual, _ = load_answers({**example_data(), "output": {"bilingual": True}})
    return {"resolution": build_documents(answers)["resolution"].content,
            "bilingual": build_documents(bilingual)["resolution"].content}


@pytest.fixture(scope="module")
def files(real, tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("hostile")
    made = {}
    for name, (make, _) in CASES.items():
        made[name] = folder / f"{name}.docx"
        made[name].write_bytes(make(real))
    return made


# The command line, run so that it reports its own peak memory: the kernel's high-water mark of the process's
# own memory (VmHWM), read as it exits. (ru_maxrss would count the test process itself, whose memory the child
# shares between fork and exec.)
MEASURED = """
import atexit, runpy, sys
report = sys.argv.pop(1)

def peak():
    with open("/proc/self/status") as status, open(report, "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))

atexit.register(peak)
runpy.run_module("resolution_builder", run_name="__main__", alter_sys=True)
"""


def run_measured(tmp_path, *args: str) -> tuple[int, str, int]:
    """Exit status, standard error and peak memory (MB) of one run of the command line."""
    report = tmp_path / "peak-kb"
    result = subprocess.run([sys.executable, "-c", MEASURED, str(report), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, timeout=120)
    return result.returncode, result.stderr, int(report.read_text()) // 1024


@pytest.mark.slow  # the command as its own process, its peak memory measured (the library's and the page's refusals run in the fast tier)
@pytest.mark.parametrize("name", representatives(list(CASES), {"paragraphs-100000", "image-bomb-200MB"}))
def test_the_command_line_refuses_a_hostile_draft_in_one_line_and_little_memory(name, files, tmp_path):
    status, stderr, peak = run_measured(tmp_path, "compare", str(files[name]), "-o",
                                        str(tmp_path / "out" / "redline.docx"))
    assert status == 2
    assert stderr.splitlines() == [f"{files[name]}: {expected(CASES[name][1])}"]
    assert peak < PEAK_MB, f"{peak} MB"
    assert not (tmp_path / "out").exists(), "nothing written"


@pytest.mark.slow  # the command as its own process, its peak memory measured
def test_a_hostile_original_given_with_against_is_refused_too(files, real, tmp_path):
    (tmp_path / "edited.docx").write_bytes(real["resolution"])
    status, stderr, peak = run_measured(tmp_path, "compare", str(tmp_path / "edited.docx"), "--against",
                                        str(files["paragraphs-100000"]), "-o", str(tmp_path / "redline.docx"))
    assert (status, stderr.splitlines()) == (2, [f"{files['paragraphs-100000']}: {expected('paragraphs')}"])
    assert peak < PEAK_MB and not (tmp_path / "redline.docx").exists()


def test_the_largest_real_draft_is_well_inside_every_limit():
    """Every provision, bilingual and annotated, in both languages: the limits leave room for Word's additions."""
    library = load_library()
    for language in ("en", "es"):
        answers, _ = load_answers({**example_data(), "language": language,
                                   "provisions": [{"id": pid} for pid in library.provisions],
                                   "output": {"bilingual": True, "annotated": True}})
        for kind, document in build_documents(answers).items():
            draft = check_draft(document.content, kind)
            assert draft.kind == kind and draft.answers is not None
            body = docx.Document(BytesIO(document.content)).element.body
            paragraphs = len(body.findall(".//" + docx.oxml.ns.qn("w:p")))
            rows = len(body.findall(".//" + docx.oxml.ns.qn("w:tr")))
            assert paragraphs * 4 < LIMITS["paragraphs"] and rows * 3 < LIMITS["rows"]


def test_the_library_refuses_the_same_files_and_reading_the_answers_stays_bounded(files):
    for name, (_, limit) in CASES.items():
        with pytest.raises(CompareError) as refused:
            compare_drafts(files[name].read_bytes(), edited_name=name)
        assert str(refused.value) == f"{name}: {expected(limit)}"
        assert refused.value.reason == ("no_answers" if limit is None else "too_big")
    assert read_carried(files["custom-xml-800"].read_bytes()) is None, "over the custom XML limit: not read at all"


streamlit = pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from resolution_builder.ui.compare_page import AGAINST_KEY, EDITED_KEY  # noqa: E402
from test_app import boxes  # noqa: E402 - the literal message boxes (ui/literal.py)

SCRIPT = """
import streamlit as st
from resolution_builder.ui.compare_page import compare_page
from resolution_builder.ui.locale import Translator
compare_page(Translator(st.session_state.get("ui.language", "en")))
"""
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize("language", representatives(["en", "es"], {"en"}))
def test_the_compare_page_refuses_each_hostile_draft_with_the_limit_named(files, real, language):
    words = compare_words(language)
    for name, (_, limit) in CASES.items():
        at = AppTest.from_string(SCRIPT, default_timeout=60)
        at.session_state["ui.language"] = language
        at.run()
        at.file_uploader(key=EDITED_KEY).set_value((f"{name}.docx", files[name].read_bytes(), DOCX)).run()
        assert not at.exception
        if limit is None:
            message = words["no_answers"]
        else:
            value = LIMITS[limit] // 1_000_000 if limit in ("file_size", "part_size", "total_size") else LIMITS[limit]
            message = words["too_big"].format(problem=words[f"limit_{limit}"].format(limit=f"{value:,}"))
        assert boxes(at, "error") == [message], name  # shown literally (ui/literal.py)
        assert not at.get("download_button"), name
    at.file_uploader(key=EDITED_KEY).set_value(("edited.docx", real["resolution"], DOCX))
    at.file_uploader(key=AGAINST_KEY).set_value(("original.docx", files["bilingual-rows-20000"].read_bytes(),
                                                 DOCX)).run()
    assert boxes(at, "error") == [words["too_big"].format(
        problem=words["limit_rows"].format(limit=f"{LIMITS['rows']:,}"))]


def test_continuing_from_a_hostile_draft_is_refused_and_changes_nothing(files):
    """The builder's "continue from saved answers" uploader reads drafts through the same bounded reader."""
    from test_app import errors, fill_required, new_app, values
    from resolution_builder.ui.resume import UPLOAD_KEY
    at = fill_required(new_app(), "Lakeside School District")
    before = values(at)
    for name, (_, limit) in CASES.items():
        at.file_uploader(key=UPLOAD_KEY).set_value((f"{name}.docx", files[name].read_bytes(), DOCX)).run()
        assert not at.exception, name
        said = " ".join(errors(at) + [t.value for t in at.text])
        assert "nothing was changed" in said, name
        assert limit is None or limit_text(limit) in said, name
        assert values(at) == before, name
