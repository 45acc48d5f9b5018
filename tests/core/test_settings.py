import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(env_changes: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _check({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_it_starts_with_debug_and_no_secret_key():
    result = _check({"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_stops_start_up_with_a_clear_message():
    result = _check({"DJANGO_DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_a_negative_trusted_proxy_count_stops_start_up_with_a_clear_message():
    result = _check({"DJANGO_DEBUG": "1", "TRUSTED_PROXY_COUNT": "-1"})
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be 0 or more" in result.stderr


def test_the_trusted_proxy_count_reaches_allauth():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os;"
            " os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'regiohub.settings');"
            " django.setup(); from allauth import app_settings;"
            " print(app_settings.TRUSTED_PROXY_COUNT)",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_DEBUG": "1", "TRUSTED_PROXY_COUNT": "2"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "2", result.stderr
