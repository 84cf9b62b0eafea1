import pytest

from cases.taxonomy.defaults import load_default_taxonomy


@pytest.fixture
def default_taxonomy(db):
    """The taxonomy that ships with the product (../shared/TAXONOMY.md)."""
    load_default_taxonomy()
