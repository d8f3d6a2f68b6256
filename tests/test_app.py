"""The web app, driven by widget key with Streamlit's AppTest: what a person sees and downloads."""

from __future__ import annotations

import tomllib
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest

pytest.importorskip("streamlit")
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from helpers import EXAMPLE  # noqa: E402
from resolution_builder import load_library  # noqa: E402
from resolution_builder.ui.resume import UPLOAD_KEY  # noqa: E402
from resolution_builder.yaml_io import load_yaml  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = load_library()


@pytest.fixture
def media(monkeypatch):
    """The bytes behind each download button, read from the test runtime's in-memory media store."""
    stores: list[MemoryMediaFileStorage] = []
    original = MemoryMediaFileStorage.__init__

    def recording_init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        stores.append(self)

    monkeypatch.setattr(MemoryMediaFileStorage, "__init__", recording_init)

    def download(at: AppTest, key: str) -> tuple[str, bytes]:
        button = next(b for b in at.get("download_button") if b.proto.id.endswith(key) or _key(b) == key)
        assert not button.proto.disabled, f"{key} is disabled"
        stored = stores[-1].get_file(button.proto.url.rsplit("/", 1)[-1])
        return stored.filename, stored.content

    return download


def _key(widget) -> str:
    return getattr(widget, "key", None) or ""


def new_app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    return at.run()


def fill_required(at: AppTest, name: str = "Cedar Valley Unified School District") -> AppTest:
    at.text_input(key="district.name").input(name)
    at.selectbox(key="district.state").select("CA")
    at.text_input(key="board.name").input("Board of Education")
    return at.run()


def first_words(provision_id: str, kind: str = "clauses", words: int = 8, state: str = "CA") -> str:
    """The opening words of the provision's first unconditional clause for a district in ``state``."""
    item = next(i for i in getattr(LIBRARY.provisions[provision_id], kind) if i.applies_to_state(state) and not i.when)
    text = item.text["en"]
    return " ".join(text.split("{{")[0].split()[:words])


def texts(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(BytesIO(content)).paragraphs)


def test_the_page_runs_without_an_exception_in_each_interface_language():
    at = new_app()
    assert not at.exception
    assert at.title[0].value == "Safe Zone Builder"
    assert any("not legal advice" in c.value for c in at.caption)
    assert any("Nothing is saved on the server" in i.value for i in at.info)
    at.selectbox(key="ui.language").select("es").run()
    assert not at.exception
    fill_required(at)
    assert not at.exception


def test_downloads_wait_for_the_required_fields_and_say_why():
    at = new_app()
    buttons = at.get("download_button")
    assert len(buttons) == 4 and all(b.proto.disabled for b in buttons)
    reasons = " ".join(i.value for i in at.info)
    assert "District name is required" in reasons and "Board name is required" in reasons
    fill_required(at)
    assert not any(b.proto.disabled for b in at.get("download_button"))


def test_a_filled_form_downloads_drafts_with_the_district_and_chosen_provisions(media):
    at = fill_required(new_app())
    at.checkbox(key="provision.wait-outside").check().run()
    at.number_input(key="option.board-reporting.report_days").set_value(45).run()
    assert not at.exception
    name, resolution = media(at, "download.resolution")
    assert name == "cedar-valley-unified-school-district-resolution.docx"
    body = texts(resolution)
    assert "Cedar Valley Unified School District" in body
    for pid in ["wait-outside", *LIBRARY.recommended()]:
        assert first_words(pid) in body, pid
    assert "45 days" in body or "45 días" in body
    _, policy = media(at, "download.policy")
    assert "Cedar Valley Unified School District" in texts(policy)
    _, archive = media(at, "download.zip")
    with zipfile.ZipFile(BytesIO(archive)) as bundle:
        names = sorted(bundle.namelist())
        saved = load_yaml(bundle.read("cedar-valley-unified-school-district-answers.yaml").decode())
    assert names == ["cedar-valley-unified-school-district-answers.yaml",
                     "cedar-valley-unified-school-district-policy.docx",
                     "cedar-valley-unified-school-district-resolution.docx"]
    assert "wait-outside" in [p["id"] for p in saved["provisions"]]


def test_the_preview_shows_the_same_text_as_the_download(media):
    at = fill_required(new_app(), "Río <Grande> & {{ 7*7 }} ISD")
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "Río &lt;Grande&gt; &amp; {{ 7*7 }} ISD" in html
    assert "BE IT FINALLY RESOLVED" in html and "Legal References" in html
    _, resolution = media(at, "download.resolution")
    assert "Río <Grande> & {{ 7*7 }} ISD" in texts(resolution)


def test_an_invalid_choice_shows_its_message_and_keeps_every_other_answer():
    at = fill_required(new_app())
    at.text_input(key="adoption.resolution_number").input("2026-15").run()
    at.number_input(key="option.board-reporting.report_days").set_value(60).run()
    at.checkbox(key="provision.enforcement-review").uncheck().run()
    at.checkbox(key="provision.wait-outside").check().run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "'wait-outside' requires 'enforcement-review'" in errors[0]
    assert at.text_input(key="district.name").value == "Cedar Valley Unified School District"
    assert at.text_input(key="adoption.resolution_number").value == "2026-15"
    assert at.number_input(key="option.board-reporting.report_days").value == 60
    assert at.checkbox(key="provision.wait-outside").value is True
    assert all(b.proto.disabled for b in at.get("download_button"))
    assert any("requires 'enforcement-review'" in i.value for i in at.info)
    at.checkbox(key="provision.enforcement-review").check().run()
    assert not at.error and not any(b.proto.disabled for b in at.get("download_button"))


def test_the_form_limits_what_can_be_typed():
    at = fill_required(new_app())
    at.text_input(key="board.presiding_officer_title").input("Chair" * 20).run()
    assert len(at.text_input(key="board.presiding_officer_title").value or "") <= 60  # the widget refuses more
    at.number_input(key="option.board-reporting.report_days").set_value(5000).run()
    assert at.number_input(key="option.board-reporting.report_days").value <= 365
    assert not at.error


def test_uploading_saved_answers_restores_the_form():
    at = new_app()
    at.file_uploader(key=UPLOAD_KEY).set_value(("answers.yaml", EXAMPLE.read_bytes(), "application/x-yaml")).run()
    assert not at.exception
    assert at.success and "Cedar Valley Unified School District" in at.success[0].value
    example = load_yaml(EXAMPLE.read_text(encoding="utf-8"))
    assert at.text_input(key="district.name").value == example["district"]["name"]
    assert at.selectbox(key="district.state").value == "CA"
    assert at.text_input(key="board.secretary_name").value == "James Okafor"
    chosen = {p["id"] for p in example["provisions"]}
    for pid in LIBRARY.provisions:
        assert at.checkbox(key=f"provision.{pid}").value == (pid in chosen), pid
    assert at.toggle(key="option.records-release.include_employees").value is True
    assert not any(b.proto.disabled for b in at.get("download_button"))


@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xfe\x00garbage", "not a readable YAML or JSON"),
    (b"title: my shopping list\nitems: [milk]\n", "not a Safe Zone Builder answers file"),
    (b"district: {name: X, state: ZZ}\nboard: {name: B}\n", "district.state: 'ZZ' is not a U.S. state"),
])
def test_a_broken_upload_shows_an_error_and_changes_nothing(content, message):
    at = fill_required(new_app(), "Lakeside School District")
    at.checkbox(key="provision.advocacy-officials").check().run()
    before = {key: at.session_state[key] for key in ("district.name", "district.state", "board.name",
                                                      "provision.advocacy-officials", "provision.enforcement-review")}
    at.file_uploader(key=UPLOAD_KEY).set_value(("answers.yaml", content, "application/x-yaml")).run()
    assert not at.exception
    assert at.error and message in at.error[0].value and "nothing was changed" in at.error[0].value
    assert {key: at.session_state[key] for key in before} == before


def test_recommended_and_clear_buttons_choose_provisions():
    at = new_app()
    at.button(key="provisions.clear").click().run()
    assert not any(at.checkbox(key=f"provision.{pid}").value for pid in LIBRARY.provisions)
    at.button(key="provisions.recommended").click().run()
    assert [pid for pid in LIBRARY.provisions if at.checkbox(key=f"provision.{pid}").value] == LIBRARY.recommended()


def test_the_interface_switches_to_spanish_and_documents_have_their_own_language(media):
    at = new_app()
    at.selectbox(key="ui.language").select("es").run()
    assert at.text_input(key="district.name").label.startswith("Nombre del distrito")
    assert at.title[0].value.startswith("Safe Zone Builder")
    assert at.subheader[0].value == "1. Distrito y junta"
    fill_required(at)
    assert texts(media(at, "download.resolution")[1]).count("WHEREAS") > 3  # documents stay English
    at.selectbox(key="language").select("es").run()
    body = texts(media(at, "download.resolution")[1])
    assert "POR CUANTO" in body and "WHEREAS" not in body


def test_the_project_config_turns_usage_statistics_off_and_limits_uploads():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["maxUploadSize"] <= 5


def _labels(at: AppTest) -> dict[str, str]:
    kinds = ("text_input", "selectbox", "checkbox", "toggle", "number_input", "date_input", "button", "file_uploader")
    labels = {}
    for kind in kinds:
        for widget in at.get(kind):
            key = getattr(widget, "key", None) or widget.proto.id
            labels[key] = widget.label
    for button in at.get("download_button"):
        labels[button.proto.id.rsplit("-", 1)[-1]] = button.label
    return labels


def test_switching_the_interface_to_spanish_changes_every_label():
    at = fill_required(new_app())
    for pid in LIBRARY.provisions:  # every provision, so that every option's widget shows
        at.checkbox(key=f"provision.{pid}").check()
    at.run()
    english = _labels(at)
    at.selectbox(key="ui.language").select("es").run()
    spanish = _labels(at)
    assert english.keys() == spanish.keys() and len(english) > 80
    unchanged = {key: label for key, label in english.items() if spanish[key] == label}
    assert unchanged == {}


def test_problems_are_told_in_the_interface_language():
    at = new_app()
    at.selectbox(key="ui.language").select("es").run()
    assert any("Nombre del distrito es obligatorio." in i.value for i in at.info)
    fill_required(at)
    at.checkbox(key="provision.enforcement-review").uncheck().run()
    at.checkbox(key="provision.wait-outside").check().run()
    assert [e.value for e in at.error] == [
        "'wait-outside' requiere 'enforcement-review' (Revisión por el Distrito de las solicitudes de control "
        "migratorio); elíjala también o quite 'wait-outside'"]


def test_pdf_downloads_are_offered_only_where_libreoffice_is_installed(monkeypatch, tmp_path):
    import shutil as shell_tools

    at = fill_required(new_app())
    labels = [b.label for b in at.get("download_button")]
    if shell_tools.which("soffice"):
        assert "Resolution (.pdf)" in labels and "District policy (.pdf)" in labels
    monkeypatch.setenv("PATH", str(tmp_path))  # no LibreOffice on this PATH
    at.run()
    labels = [b.label for b in at.get("download_button")]
    assert not any(label.endswith("(.pdf)") for label in labels)
    assert "Resolution (.docx)" in labels


def test_the_annotated_edition_can_be_chosen(media):
    at = fill_required(new_app())
    at.toggle(key="output.annotated").set_value(True).run()
    document = docx.Document(BytesIO(media(at, "download.resolution")[1]))
    assert len(document.comments) > 10
    assert any("not legal advice" in c.text for c in document.comments)
