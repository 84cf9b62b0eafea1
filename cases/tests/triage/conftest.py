import pytest

from cases.triage import suggest


@pytest.fixture(autouse=True)
def fresh_process_cache():
    """Each test starts like a new process: no model loaded yet."""
    suggest._loaded = None
    yield
    suggest._loaded = None
