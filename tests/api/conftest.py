import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test starts with every client's allowance unspent."""
    cache.clear()
    yield
    cache.clear()
