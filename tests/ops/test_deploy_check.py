"""The production environment documented in the README passes Django's deployment checks."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_env(**changes: str) -> dict[str, str]:
    """The README's production environment (without the database, which the checks do not need)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO_", "SESSION_", "AWS_", "CACHE_", "CSRF_", "SITE_", "TRUSTED_PROXY_")
        )
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="regiohub.example.de",
        CSRF_TRUSTED_ORIGINS="https://regiohub.example.de",
        SITE_URL="https://regiohub.example.de",
        DJANGO_BEHIND_PROXY="1",
        TRUSTED_PROXY_COUNT="1",
    )
    env.update(changes)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_the_documented_production_environment():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_with_a_weak_secret_key():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(DJANGO_SECRET_KEY="too-short"),
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_check_deploy_warns_behind_a_proxy_without_a_trusted_proxy_count():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(TRUSTED_PROXY_COUNT="0"),
    )
    assert result.returncode != 0
    assert "core.W001" in result.stdout + result.stderr


SHOW_SETTINGS = """
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiohub.settings")
django.setup()
from django.conf import settings as s
print(json.dumps({
    **{
        name: [getattr(s, f"{prefix}_SECURE"), getattr(s, f"{prefix}_HTTPONLY"),
               getattr(s, f"{prefix}_SAMESITE")]
        for name, prefix in [("session_cookie", "SESSION_COOKIE"), ("csrf_cookie", "CSRF_COOKIE"),
                             ("language_cookie", "LANGUAGE_COOKIE")]
    },
    "hsts": [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS],
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "proxy_header": list(getattr(s, "SECURE_PROXY_SSL_HEADER", None) or []),
    "debug": s.DEBUG,
}))
"""


def test_production_cookies_are_secure_httponly_and_lax_behind_an_https_proxy():
    result = run(["-c", SHOW_SETTINGS], production_env())
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["session_cookie"] == [True, True, "Lax"]
    assert shown["csrf_cookie"] == [True, True, "Lax"]
    assert shown["language_cookie"] == [True, True, "Lax"]
    assert shown["hsts"] == [31536000, True]
    assert shown["ssl_redirect"] is True
    assert shown["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown["debug"] is False
