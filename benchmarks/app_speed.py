"""App speed: the server-side time of one rerun of the web app with every provision chosen (AppTest),
and the time from a click on a download button to the bytes being ready, by the real click path: the button's
deferred file is made as Streamlit makes it when the browser asks for it (``MediaFileManager.execute_deferred``),
so the handshake with the click's rerun (ui/downloads.py: a 0.15 s pause, then the session idle), reading the
form's answers, the plan and both documents rendered with the answers embedded are all counted. The bare work
(plan and render, no handshake) is shown beside it.

    python benchmarks/app_speed.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from build_speed import every_provision_answers
from resolution_builder import load_library
from resolution_builder.build import drafts_zip, render_documents
from resolution_builder.composition.composer import compose
from resolution_builder.ui.fields import VALUES, defaults

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"


_MANAGERS: list[MediaFileManager] = []
_original_init = MediaFileManager.__init__


def _recording_init(self, *args, **kwargs):  # the app's media manager, where the deferred downloads wait
    _original_init(self, *args, **kwargs)
    _MANAGERS.append(self)


MediaFileManager.__init__ = _recording_init


def click_download(at: AppTest, key: str) -> bytes:
    """What the server does when the browser asks for the file behind a download button."""
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
    assert button.proto.deferred_file_id, "the drafts are made on click"
    manager = _MANAGERS[-1]
    url = manager.execute_deferred(button.proto.deferred_file_id)
    return manager._storage.get_file(url.rsplit("/", 1)[-1].split(".")[0]).content


def filled_app() -> AppTest:
    library = load_library()
    values = defaults(library)
    values.update({"district.name": "Cedar Valley Unified School District", "district.state": "CA",
                   "board.name": "Board of Education"})
    values.update({f"provision.{pid}": True for pid in library.provisions})
    values["provision.lgbtq-facilities"] = False  # keep one flavor's conflicts out: a valid form
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[VALUES] = values
    at.session_state["ui.step"] = "documents"
    return at.run()


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    at = filled_app()
    assert not at.exception and at.get("download_button")[0].label == "Resolution (.docx)", at.error
    same = [timed(at.run) for _ in range(rounds)]
    changed = []
    for index in range(rounds):  # a typed change: the documents are rebuilt in the same rerun
        at.text_input(key="board.secretary_name").input(f"Clerk {index}")
        changed.append(timed(at.run))
    answers = every_provision_answers()

    def bytes_ready():
        plan = compose(answers)
        documents = render_documents(plan)
        drafts_zip(documents, answers, plan)

    ready = [timed(bytes_ready) for _ in range(rounds)]
    clicks = {}
    for key in ("download.resolution", "download.zip"):
        at.run()  # a fresh button (each deferred file is made once)
        assert click_download(at, key)[:2] == b"PK"
        times = []
        for _ in range(rounds):
            at.run()
            times.append(timed(lambda: click_download(at, key)))
        clicks[key] = statistics.median(times)
    print(f"provisions chosen:                    {len(answers.provisions)}")
    print(f"rerun, answers unchanged (median):    {statistics.median(same):7.1f} ms")
    print(f"rerun after a change (median):        {statistics.median(changed):7.1f} ms  (check, plan and preview)")
    print(f"download bytes ready (median):        {statistics.median(ready):7.1f} ms  (plan, both .docx and the .zip, no answers embedded)")
    print(f"click -> resolution .docx (median):   {clicks['download.resolution']:7.1f} ms  (the real click path, handshake included)")
    print(f"click -> .zip (median):               {clicks['download.zip']:7.1f} ms  (the real click path, handshake included)")


if __name__ == "__main__":
    main()
