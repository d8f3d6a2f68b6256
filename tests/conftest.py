import pytest

from helpers import build, example_data


@pytest.fixture(scope="session")
def example_documents():
    """The example answers built once: {"resolution": Document, "policy": Document}."""
    return build(example_data())
