import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from helpers import build, example_data
from real_parts import in_ci, need, soffice

# Hypothesis: in CI the same examples every run (derandomize) and a fixed count, so that a red CI is reproducible
# and its time steady; on a workstation fewer random examples for everyday work (the fast tier).
# HYPOTHESIS_PROFILE=ci on a workstation runs what CI runs.
_NO_DEADLINE = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}  # each example builds documents
settings.register_profile("ci", derandomize=True, max_examples=60, print_blob=True, **_NO_DEADLINE)
settings.register_profile("dev", max_examples=12, **_NO_DEADLINE)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci() else "dev"))


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist's ``--dist loadgroup``, the tests of a module that shares a module-scoped fixture (a
    running app, drafts built once) run on one worker, so that the fixture is made once; the rest spread."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        defs = info.name2fixturedefs.values() if info else ()
        if any(d[-1].scope == "module" for d in defs if d):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


@pytest.fixture
def short_tmp():
    """A short, empty folder for LibreOffice's TMPDIR: its pipe is a socket named inside TMPDIR, and a socket's
    path may not pass 107 bytes (pytest-xdist's ``tmp_path`` under /tmp/pytest-of-…/popen-gw1/… can)."""
    folder = Path(tempfile.mkdtemp(prefix="sz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def example_documents():
    """The example answers built once: {"resolution": Document, "policy": Document}."""
    return build(example_data())


@pytest.fixture
def soffice_needed():
    """For a test that opens LibreOffice: skipped on a workstation without it, failed in CI."""
    need(soffice() is not None, "LibreOffice is needed: apt-get install libreoffice-writer-nogui")


@pytest.fixture
def download(monkeypatch):
    """``download(at, key) -> (file name, bytes)``: the file behind an AppTest page's download button, made as a
    click makes it (a file made on click is made now; raises Streamlit's MediaFileStorageError when there is none)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    managers: list[MediaFileManager] = []
    original = MediaFileManager.__init__

    def recording_init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        managers.append(self)

    monkeypatch.setattr(MediaFileManager, "__init__", recording_init)

    def fetch(at, key: str) -> tuple[str, bytes]:
        button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
        manager = managers[-1]
        url = manager.execute_deferred(button.proto.deferred_file_id) if button.proto.deferred_file_id \
            else button.proto.url
        file = manager._storage.get_file(url.rsplit("/", 1)[-1])
        return file.filename, file.content

    return fetch
