"""Scale-out configuration by environment: object storage for uploads, sessions in the cache."""

import json

from tests.ops.test_deploy_check import production_env, run

SHOW_STORAGE = """
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiohub.settings")
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage, storages
private = storages["private"]
print(json.dumps({
    "default": type(default_storage._wrapped if hasattr(default_storage, "_wrapped")
                    else default_storage).__name__,
    "default_bucket": getattr(storages["default"], "bucket_name", None),
    "default_signed_urls": getattr(storages["default"], "querystring_auth", None),
    "private": type(private).__name__,
    "private_bucket": getattr(private, "bucket_name", None),
    "private_signed_urls": getattr(private, "querystring_auth", None),
    "endpoint": getattr(storages["default"], "endpoint_url", None),
    "session_engine": settings.SESSION_ENGINE,
}))
"""


def show(**env):
    result = run(["-c", SHOW_STORAGE], production_env(**env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_uploads_stay_on_the_local_disk_by_default():
    shown = show()
    assert shown["private"] == "PrivateFileSystemStorage"
    assert shown["default_bucket"] is None
    assert shown["session_engine"] == "django.contrib.sessions.backends.db"


def test_a_bucket_in_the_environment_moves_uploads_to_s3_compatible_storage():
    shown = show(
        AWS_STORAGE_BUCKET_NAME="regiohub-public",
        AWS_PRIVATE_STORAGE_BUCKET_NAME="regiohub-private",
        AWS_S3_ENDPOINT_URL="https://s3.example.de",
    )
    assert (shown["default_bucket"], shown["default_signed_urls"]) == ("regiohub-public", False)
    assert shown["private"] == "S3Storage"
    assert (shown["private_bucket"], shown["private_signed_urls"]) == ("regiohub-private", True)
    assert shown["endpoint"] == "https://s3.example.de"


def test_a_public_bucket_without_a_private_one_stops_start_up():
    result = run(["-c", SHOW_STORAGE], production_env(AWS_STORAGE_BUCKET_NAME="regiohub-public"))
    assert result.returncode != 0
    assert "AWS_PRIVATE_STORAGE_BUCKET_NAME is required" in result.stderr


def test_sessions_can_live_in_the_shared_cache():
    shown = show(SESSION_STORE="cache", CACHE_URL="redis://cache.internal:6379/0")
    assert shown["session_engine"] == "django.contrib.sessions.backends.cache"
    result = run(["-c", SHOW_STORAGE], production_env(SESSION_STORE="files"))
    assert result.returncode != 0
    assert "SESSION_STORE must be db, cache or cached_db" in result.stderr
