"""App speed: the server-side time of one rerun of the web app with every provision chosen (AppTest),
and the time from a click on a download button to the bytes being ready.

    python benchmarks/app_speed.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from build_speed import every_provision_answers
from resolution_builder import load_library
from resolution_builder.build import drafts_zip, render_documents
from resolution_builder.composition.composer import compose
from resolution_builder.ui.fields import VALUES, defaults

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"


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
    print(f"provisions chosen:                    {len(answers.provisions)}")
    print(f"rerun, answers unchanged (median):    {statistics.median(same):7.1f} ms")
    print(f"rerun after a change (median):        {statistics.median(changed):7.1f} ms  (check, plan and preview)")
    print(f"download bytes ready (median):        {statistics.median(ready):7.1f} ms  (both .docx and the .zip, made on the click)")


if __name__ == "__main__":
    main()
