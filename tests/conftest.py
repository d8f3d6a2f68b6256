import pytest

from helpers import build, example_data
from real_parts import need, soffice


@pytest.fixture(scope="session")
def example_documents():
    """The example answers built once: {"resolution": Document, "policy": Document}."""
    return build(example_data())


@pytest.fixture
def soffice_needed():
    """For a test that opens LibreOffice: skipped on a workstation without it, failed in CI."""
    need(soffice() is not None, "LibreOffice is needed: apt-get install libreoffice-writer-nogui")


@pytest.fixture
def stored(monkeypatch):
    """The in-memory media stores the test runtime creates, where download buttons keep their bytes."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stores: list = []
    original = MemoryMediaFileStorage.__init__

    def recording_init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        stores.append(self)

    monkeypatch.setattr(MemoryMediaFileStorage, "__init__", recording_init)
    return stores
