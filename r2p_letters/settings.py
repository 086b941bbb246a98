"""Settings for R2P Letters: one file, driven by environment variables (see README)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEVELOPMENT_SECRET_KEY = "development-only-r2p-letters-secret-key-do-not-use-in-production"
DEBUG = envbool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development key. "
        "Set SECRET_KEY in the environment (or DEBUG=1 for local development)."
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_htmx",
    "django_tasks_db",
    "r2p_letters.lib",  # the email worker's command
    "r2p_letters.accounts",
    "r2p_letters.organizations",
    "r2p_letters.printing",
    "r2p_letters.letters",
    "r2p_letters.signatures",
    "r2p_letters.council",
    "r2p_letters.webhooks",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our own static files (no CDN)
    "corsheaders",
    "r2p_letters.api",
]
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' library and letter pages from the cache, before sessions, CSRF and messages run.
    "r2p_letters.signatures.public_pages.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # only for the public API (CORS_URLS_REGEX)
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx: the composer's in-place editor
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "r2p_letters.lib.database_outage.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "r2p_letters.urls"
# A refused form (expired page, blocked cookie) gets a page in the site's layout saying how to send it again.
CSRF_FAILURE_VIEW = "r2p_letters.lib.error_pages.csrf_failure"
WSGI_APPLICATION = "r2p_letters.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Database: an SQLite file in the project unless DATABASE_URL says otherwise.
# PostgreSQL goes through psycopg 3 with its connection pool (CONN_MAX_AGE must stay 0).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": envint("DB_POOL_MIN_SIZE", 1),
        "max_size": envint("DB_POOL_MAX_SIZE", 10),
        "timeout": envint("DB_POOL_TIMEOUT", 10),
    }
    # Behind PgBouncer in transaction mode a cursor cannot outlive its transaction (Django already sends no
    # prepared statements): set DB_DISABLE_SERVER_SIDE_CURSORS=1 there (docs/DEPLOYMENT.md).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = envbool("DB_DISABLE_SERVER_SIDE_CURSORS", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "letters:library"
# How long email verification and password reset links work.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
# The languages a letter can be written in: the six official UN languages.
LETTER_LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")  # `collectstatic` fills it for nginx
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names once `collectstatic` has run; plain names without it (lib/static_files.py).
    "staticfiles": {"BACKEND": "r2p_letters.lib.static_files.StaticFiles"},
}
# WhiteNoise serves static files from the finders too, so gunicorn works without collectstatic.
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
LOGO_MAX_BYTES = 1_000_000
LOGO_MAX_PIXELS = 4000
# A Council member's written answer to a letter (council/responses.py); below nginx's client_max_body_size.
COUNCIL_RESPONSE_MAX_BYTES = envint("COUNCIL_RESPONSE_MAX_BYTES", 2_000_000)
# A pasted letter (and its review page, which carries it) may be longer than Django's 2.5 MB default; the
# importer refuses, with its message and the text kept, what is longer than a letter (letters/draft_import.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 12_000_000
# The review page of an imported draft has a section per block and seven fields per signatory.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 12_000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
COUNTRIES_OVERRIDE = {"US": _("USA")}

# Email: printed to the console in development, sent by SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": envint("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", True),
                "timeout": envint("EMAIL_TIMEOUT", 10),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "R2P Letters <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. The letter document view (an iframe) tightens this further.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS, from the environment (README, "In production"): behind a proxy that ends TLS, name the header
# it sets (SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https) or the redirect to HTTPS never ends.
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG and SITE_URL.startswith("https"))
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", SESSION_COOKIE_SECURE)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
_proxy_ssl_header = envlist("SECURE_PROXY_SSL_HEADER", "")
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2:
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER reads like HTTP_X_FORWARDED_PROTO,https.")
    SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header)
del _proxy_ssl_header

# Background work (emails, closing sign-ons at their deadline): Django's tasks framework with a
# database-backed queue, so a task is queued in the same transaction as what caused it.
# `manage.py email_worker` runs them (`make run` starts one; any number may run): WORKER_THREADS
# threads, each sending up to EMAIL_BATCH_SIZE emails over one SMTP connection.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_THREADS = envint("WORKER_THREADS", 4 if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else 1)
EMAIL_BATCH_SIZE = envint("EMAIL_BATCH_SIZE", 50)
# A task that fails (an email the mail server did not take) is tried again after each of these
# delays in turn, in seconds (the last one repeats: 1 min, 5 min, 30 min, 2 h, then every 6 h)
# until TASK_GIVE_UP_AFTER seconds after it was queued (2 days); then it is given up, and the
# organizers' dashboard lists the signatures whose confirmation email could not be sent.
TASK_RETRY_DELAYS = [float(delay) for delay in envlist("TASK_RETRY_DELAYS", "60,300,1800,7200,21600")]
TASK_GIVE_UP_AFTER = envint("TASK_GIVE_UP_AFTER", 2 * 24 * 3600)
# A task still running this many seconds after a worker took it is run again (that worker died).
# A worker starts no email past half of it, so it must be well above EMAIL_TIMEOUT.
TASK_LEASE = envint("TASK_LEASE", 300)

# Webhooks (r2p_letters/webhooks): a delivery is tried with the worker's TASK_RETRY_DELAYS until this many
# seconds after its event, then given up. WEBHOOKS_ALLOW_LOOPBACK lets endpoints on 127.0.0.1/::1 (and plain
# http to them) through, for tests and local development only: a deploy check refuses it in production.
WEBHOOKS_GIVE_UP_AFTER = envint("WEBHOOKS_GIVE_UP_AFTER", 24 * 3600)
WEBHOOKS_ALLOW_LOOPBACK = envbool("WEBHOOKS_ALLOW_LOOPBACK", False)

# The cache holds rate-limit counters. With several server processes they must share it: set
# REDIS_URL (e.g. redis://127.0.0.1:6379/0). Without it each process counts for itself, and so it does
# while Redis is unreachable (lib/cache.py): an outage logs an error, it never fails a request.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "r2p_letters.lib.cache.RedisCacheWithFallback", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# django-ratelimit lists Django's own Redis backend (ours extends it) as "not officially supported" (it is
# atomic and shared) and refuses the local-memory cache, which is right for one process (`make run`, tests).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] + ([] if REDIS_URL else ["django_ratelimit.E003"])
# The client address rate limits count by: REMOTE_ADDR, or a header a trusted proxy sets.
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
# Sign-on limits: signatures a client address and an email address may submit ("count/period").
SIGN_RATE_PER_IP = os.environ.get("SIGN_RATE_PER_IP", "20/h")
SIGN_RATE_PER_EMAIL = os.environ.get("SIGN_RATE_PER_EMAIL", "5/h")
# Emails people can make the application send (r2p_letters/lib/email_limits.py), "count/period": each user,
# each organization (invitations), each client address (sign-up, password reset, new confirmation link)
# and each recipient address, whoever asks.
EMAIL_RATE_PER_USER = os.environ.get("EMAIL_RATE_PER_USER", "300/d")
EMAIL_RATE_PER_ORGANIZATION = os.environ.get("EMAIL_RATE_PER_ORGANIZATION", "600/d")
EMAIL_RATE_PER_CLIENT = os.environ.get("EMAIL_RATE_PER_CLIENT", "20/h")
EMAIL_RATE_PER_ADDRESS = os.environ.get("EMAIL_RATE_PER_ADDRESS", "5/h")
# A report back to signers is paced in the queue: at most this many of its emails become due each minute.
REPORT_BACK_PER_MINUTE = envint("REPORT_BACK_PER_MINUTE", 120)
# Failed log-ins (site and administration) one account, and one client address, may make before logging
# in pauses until the period ends (r2p_letters/accounts/login_limits.py).
LOGIN_RATE_PER_ACCOUNT = os.environ.get("LOGIN_RATE_PER_ACCOUNT", "10/15m")
LOGIN_RATE_PER_CLIENT = os.environ.get("LOGIN_RATE_PER_CLIENT", "30/15m")
# How long the link in a confirmation email works, in seconds.
SIGNATURE_CONFIRM_MAX_AGE = envint("SIGNATURE_CONFIRM_MAX_AGE", 7 * 24 * 3600)
# How long the link to withdraw or correct a signature works, in seconds.
SIGNATURE_MANAGE_MAX_AGE = envint("SIGNATURE_MANAGE_MAX_AGE", 365 * 24 * 3600)
# The signers' contact details (email, IP hash, a name they did not make public) are erased this many days
# after the sign-on closes or the letter is delivered, whichever is later (about six months).
CONTACT_RETENTION_DAYS = envint("CONTACT_RETENTION_DAYS", 183)
# Signatures erased per transaction by the daily retention run: an interrupted run keeps what it committed.
CONTACT_RETENTION_BATCH = envint("CONTACT_RETENTION_BATCH", 200)

# Letter rendering bounds: a user-editable template cannot take the server down. Templates render in worker
# processes (this many per server process), bounded in time (seconds), output (characters) and in the address
# space (MiB) a render may add to a loaded worker.
LETTER_RENDER_TIMEOUT = float(os.environ.get("LETTER_RENDER_TIMEOUT", "5"))
LETTER_RENDER_MAX_OUTPUT = envint("LETTER_RENDER_MAX_OUTPUT", 20_000_000)
LETTER_RENDER_WORKERS = envint("LETTER_RENDER_WORKERS", 2)
LETTER_RENDER_MEMORY_MB = envint("LETTER_RENDER_MEMORY_MB", 256)
# PDFs: kept as files named by a hash of what they print (least recently used removed past the size),
# laid out by WeasyPrint in worker processes bounded in time (seconds) and in the address space (MiB) a
# layout may add to a loaded worker (Django and WeasyPrint take about 270 MiB of their own).
PDF_CACHE_DIR = Path(os.environ.get("PDF_CACHE_DIR") or BASE_DIR / "var" / "pdf-cache")
PDF_CACHE_MAX_MB = envint("PDF_CACHE_MAX_MB", 500)
PDF_RENDER_WORKERS = envint("PDF_RENDER_WORKERS", 2)
PDF_RENDER_TIMEOUT = float(os.environ.get("PDF_RENDER_TIMEOUT", "60"))
PDF_RENDER_MEMORY_MB = envint("PDF_RENDER_MEMORY_MB", 1024)
LETTERS_PER_PAGE = 20

# The public API (r2p_letters/api, docs/DECISIONS.md "The public API"): Django REST Framework, its schema by
# drf-spectacular. Requests a client address, and a token, may make ("count/period", counted in the cache).
API_RATE_PER_CLIENT = os.environ.get("API_RATE_PER_CLIENT", "300/m")
API_RATE_PER_TOKEN = os.environ.get("API_RATE_PER_TOKEN", "600/m")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["r2p_letters.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": [
        "r2p_letters.api.throttling.ClientRateThrottle",
        "r2p_letters.api.throttling.TokenRateThrottle",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "r2p_letters.api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "R2P Letters API",
    "DESCRIPTION": "Public letters, their signatories and the Security Council, read without a key; an "
    "organization's drafts, signatures and deliveries with its token (Authorization: Bearer r2p_…).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Letters and signatures both have a "status": each its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "LetterStatusEnum": "r2p_letters.letters.models.Letter.Status",
        "SignatureStatusEnum": "r2p_letters.signatures.models.Signature.Status",
    },
}
# CORS for the public, read-only API only: any origin, GET, no credentials; never the token endpoints.
CORS_URLS_REGEX = r"^/api/v1/(?!organization(/|$)).*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint reports every refused fetch; we log refusals ourselves.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
