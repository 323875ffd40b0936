import pytest

from certification import factories


@pytest.fixture
def tiers(db):
    return factories.tiers()
