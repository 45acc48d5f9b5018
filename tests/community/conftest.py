import pytest

from tests.worker import run_worker as _run_worker


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def run_worker():
    """Work off every task that is due, in this process, then return (like the worker)."""
    return _run_worker
