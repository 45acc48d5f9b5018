"""Settings for the Regio.hub portal.

Every value comes from the environment; each variable is documented in the
README. The defaults are the safe production ones: debug off, secure cookies,
no secret key. `make run` sets DJANGO_DEBUG=1 for local work.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # Only reachable with DJANGO_DEBUG=1 (local work); production refuses to start without a key.
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public address of the portal, used in e-mails, feeds and calendar files.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

INSTALLED_APPS = [
    "core.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",  # Django's widget templates for FORM_RENDERER (TemplatesSetting)
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "django_htmx",
    "csp",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    # Single sign-on with a partner's own OpenID Connect provider (partners/sso/).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    # Our apps, bottom to top: an app imports only from apps above it in this
    # list (docs/architecture.md; tests/test_architecture.py checks it).
    "core",
    "notifications",
    "partners",
    "projects",
    "exchange",
    "loi",
    "community",
    "insights",
    "office",
    "legal",
    "ops",
]

MIDDLEWARE = [
    # Outermost: one log line per request, also for static files and error pages.
    "core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    # Above whitenoise, so static files and error pages carry these headers too.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.LanguageQueryParameterMiddleware",
    "core.pagecache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "partners.middleware.RequireMFAForOfficeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "regiohub.urls"
WSGI_APPLICATION = "regiohub.wsgi.application"
ASGI_APPLICATION = "regiohub.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]
# Every form, field and error summary in KERN markup from templates/core/forms/
# (core/forms.py); the admin keeps Django's own markup.
FORM_RENDERER = "core.forms.KernFormRenderer"

# Database: an SQLite file by default (embedded, for `make run` and quick tries);
# PostgreSQL in production and in the test suite.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# Cache shared by all app processes: the database by default, Redis/Valkey when
# CACHE_URL is redis://… (rate limits and the page cache depend on it being shared).
CACHE_URL = env_str("CACHE_URL", "db://regiohub_cache")
if CACHE_URL.startswith(("redis://", "rediss://", "valkey://")):
    CACHES = {
        "default": {
            # Django's RedisCache that logs and serves on while Redis is away (core/cache.py).
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL.replace("valkey://", "redis://", 1),
            # A Redis that does not answer costs a request at most this long, not forever.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif CACHE_URL.startswith("db://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_URL.removeprefix("db://") or "regiohub_cache",
        }
    }
elif CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must start with db://, redis:// or locmem://, not {CACHE_URL!r}"
    )
# Public pages for anonymous visitors are kept this many seconds in the shared
# cache (core/pagecache.py; any content change invalidates them at once); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# At most this many variants with a query string (filters, search, page) per path
# and content generation; further ones are rendered but not stored.
PAGE_CACHE_VARIANTS = env_int("PAGE_CACHE_VARIANTS", 50)
# The read API /api/v1/: requests per minute per client (address), and per personal token.
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)
API_TOKEN_RATE_LIMIT_PER_MINUTE = env_int("API_TOKEN_RATE_LIMIT_PER_MINUTE", 600)

AUTH_USER_MODEL = "partners.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's backends for logging in; their permission half is
    # switched off, permissions come from the rules above only (partners/backends.py).
    "partners.backends.ModelBackend",
    "partners.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/intern/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: e-mail login, no open sign-up, mandatory verification.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# The keys name allauth actions (bandit reads "password" in them as a secret).
# "ip" is the client as core.ratelimit.client_ip() sees it (TRUSTED_PROXY_COUNT).
# Failed logins count per client (20 in 5 minutes over all accounts) and per
# account at that client (5 in 5 minutes; partners.adapters.AccountAdapter keys
# them so), so one client cannot lock anybody else out; "login_failed_account"
# bounds the guesses at one account from all clients together (50 an hour).
ACCOUNT_RATE_LIMITS = {  # nosec B105
    "login_failed": "20/5m/ip,5/5m/key",
    "login_failed_account": "50/1h/key",
    "login": "30/m/ip",
    "reset_password": "5/m/ip,5/m/key",  # nosec B105
    "reset_password_from_key": "20/m/ip",  # nosec B105
    "change_password": "5/m/user",  # nosec B105
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Regio.hub] "
ACCOUNT_ADAPTER = "partners.adapters.AccountAdapter"
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Passkeys (WebAuthn) next to the authenticator app; a passkey alone logs in
# ("passwordless"), and counts as the office's second factor (core.mfa).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_FORMS = {"add_webauthn": "partners.forms.AddPasskeyForm"}
MFA_ADAPTER = "partners.adapters.MFAAdapter"
MFA_TOTP_ISSUER = "Regio.hub"
# The session list shows where one is logged in; updating "last seen" on every
# request would cost several writes per page view, so it is off.
USERSESSIONS_TRACK_ACTIVITY = False
# Single sign-on: each partner's OpenID Connect provider is a row of
# partners.PartnerIdentityProvider (configured by the office in the admin; the
# client secret only in an environment variable REGIOHUB_SSO_…). The adapter
# builds allauth's apps from those rows and lets in only invited people or
# existing accounts (partners/sso/). No sign-up, no e-mail login across
# providers, no tokens kept; the login starts with a POST from the login page.
SOCIALACCOUNT_ADAPTER = "partners.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = "oidc"
# A provider that does not answer costs a login attempt this many seconds, not more.
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("SSO_REQUESTS_TIMEOUT", 5)

# Internationalisation: German first, English second.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static files: fingerprinted, compressed and cached for a year by whitenoise.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files that must never be served by URL (signed agreements, internal documents)
# live here and only leave through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "core.static_storage.StaticFilesStorage"
        )
    },
}
# Uploads in S3-compatible object storage (AWS S3, MinIO, Ceph, IONOS, …) when
# several app servers share them: set AWS_STORAGE_BUCKET_NAME (public uploads)
# and AWS_PRIVATE_STORAGE_BUCKET_NAME (files behind permission checks; served
# through the portal, never by public URL). django-storages reads the
# credentials and endpoint from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
# AWS_S3_ENDPOINT_URL and AWS_S3_REGION_NAME in the environment.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_PRIVATE_STORAGE_BUCKET_NAME = env_str("AWS_PRIVATE_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _s3_options = {
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_options,
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "querystring_auth": False,
        },
    }
    if not AWS_PRIVATE_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured(
            "AWS_PRIVATE_STORAGE_BUCKET_NAME is required with AWS_STORAGE_BUCKET_NAME: "
            "private files must not land next to the public uploads."
        )
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_options,
            "bucket_name": AWS_PRIVATE_STORAGE_BUCKET_NAME,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "custom_domain": None,
        },
    }
else:
    # PRIVATE_MEDIA_ROOT, read on every use; no URL (core/storage.py).
    STORAGES["private"] = {"BACKEND": "core.storage.PrivateFileSystemStorage"}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The project import's preview sends one tick box per row (up to 5,000 rows);
# the body stays bounded by DATA_UPLOAD_MAX_MEMORY_SIZE.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 6_000

# E-mail: the console in debug, SMTP from the environment otherwise.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Regio.hub <noreply@regiohub.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The project office's mailbox: review requests, barrier reports, reminders.
PROJECT_OFFICE_EMAIL = env_str("PROJECT_OFFICE_EMAIL", "projektbuero@regiohub.local")

# Background tasks (django-tasks): a queue in the database, worked off by
# `manage.py db_worker` beside the web server (e-mail to announcement audiences,
# retries while the mail server is down). No broker to run.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Security: the secure choice unless debug is on.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
# Sessions live in the database by default; "cache" or "cached_db" keeps them in
# the shared cache (CACHE_URL) when that is Redis/Valkey.
SESSION_ENGINE = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
    "cached_db": "django.contrib.sessions.backends.cached_db",
}.get(env_str("SESSION_STORE", "db"))
if SESSION_ENGINE is None:
    raise ImproperlyConfigured("SESSION_STORE must be db, cache or cached_db")
# Messages travel in the session, so the portal sets no extra "messages" cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
# Preloading binds the whole domain and its subdomains to HTTPS for good; that is
# the domain owner's decision (often the city's IT), so it is opt-in and the
# deploy check's reminder about it is silenced while it is off.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if not USING_POSTGRES:
    # The events' covering indexes (INCLUDE) are PostgreSQL's; SQLite builds them
    # without the extra columns, which is all `make run` needs.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of the portal append to X-Forwarded-For
# (nginx: proxy_add_x_forwarded_for). Rate limits count per client address
# (core.ratelimit.client_ip); with 0 that is REMOTE_ADDR, which behind a proxy is
# the proxy's address for every visitor. allauth reads the same number.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: nothing from third parties, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# One line per record on stderr, each with the id of its request; e-mail
# addresses, query strings and token-like path segments are scrubbed
# (core/request_log.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "core.request_log.RequestContextFilter"}},
    "formatters": {
        "plain": {
            "class": "core.request_log.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
    },
}

# Council information systems (OParl 1.1, loi/oparl/): read by the task worker
# only. Seconds per request, the largest answer read, the least pause between two
# requests to one host, the most pages of one list; private-network addresses are
# refused unless explicitly allowed (a local test server).
OPARL_TIMEOUT = env_int("OPARL_TIMEOUT", 15)
OPARL_MAX_BYTES = env_int("OPARL_MAX_BYTES", 5 * 1024 * 1024)
OPARL_MIN_INTERVAL = env_int("OPARL_MIN_INTERVAL_MS", 400) / 1000
OPARL_MAX_PAGES = env_int("OPARL_MAX_PAGES", 300)
OPARL_ALLOW_PRIVATE_HOSTS = env_bool("OPARL_ALLOW_PRIVATE_HOSTS", False)
