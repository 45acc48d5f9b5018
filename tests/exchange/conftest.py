import pytest

from exchange.matching.engine import forget_corpus


@pytest.fixture(autouse=True)
def fresh_corpus():
    """Each test reads the index afresh (the in-memory corpus is per process)."""
    forget_corpus()
    yield
    forget_corpus()
