"""Settings for the jixiao web app.

SQLite by default with no set-up; PostgreSQL (or any database Django supports) by one
setting, ``DATABASE_URL`` (e.g. ``postgres://user@127.0.0.1:5432/jixiao``). The secret key
comes from ``DJANGO_SECRET_KEY`` or is generated once into the instance folder — never
from the repository.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("JIXIAO_INSTANCE_DIR", BASE_DIR / ".instance"))
INSTANCE_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


# SQLite with several writers (gunicorn workers): every transaction takes the write lock when it
# begins and waits up to 20 s for it, instead of failing with "database is locked" half-way; WAL
# lets readers go on while one writer writes.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_from_url(url: str | None) -> dict:
    """``DATABASE_URL`` → Django's DATABASES entry. Absent: SQLite in the instance folder."""
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": INSTANCE_DIR / "db.sqlite3", "OPTIONS": SQLITE_OPTIONS}
    parts = urlparse(url)
    engines = {
        "postgres": "django.db.backends.postgresql",
        "postgresql": "django.db.backends.postgresql",
        "sqlite": "django.db.backends.sqlite3",
    }
    if parts.scheme not in engines:
        raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use postgres:// or sqlite://)")
    if parts.scheme == "sqlite":
        return {"ENGINE": engines["sqlite"], "NAME": unquote(parts.path[1:]) or INSTANCE_DIR / "db.sqlite3",
                "OPTIONS": SQLITE_OPTIONS}
    return {
        "ENGINE": engines[parts.scheme],
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
    }


SECRET_KEY = _secret_key()
# JIXIAO_DEPLOY=production: the settings for a server reached over HTTPS (docs/deploy.md, 安全设置).
PRODUCTION = os.environ.get("JIXIAO_DEPLOY", "").lower() == "production"
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1" and not PRODUCTION
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its bundled Swagger UI files for /api/docs (served locally, not from a CDN)
    "axes",
    "accounts",
    "evaluations",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "evaluations.uploads.UploadLimitMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "jixiao_web.urls"
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
                "accounts.context.role",
            ],
            "builtins": ["evaluations.templatetags.jixiao"],
        },
    }
]
WSGI_APPLICATION = "jixiao_web.wsgi.application"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out user before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = INSTANCE_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve from the app folders without collectstatic (also under gunicorn)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it from the page's hx-headers, not the cookie
X_FRAME_OPTIONS = "DENY"

# Requests and uploads. A department's form posts about 12 fields per project (seed 004's has 1,302
# fields). A filled workbook is refused past JIXIAO_MAX_UPLOAD_BYTES before its body is read, and
# one within it stays in memory; other uploads (the jobs' reports) are refused past their own limit
# per file and JIXIAO_MAX_REQUEST_BYTES per request, before the rest is read (evaluations/uploads.py).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
JIXIAO_MAX_UPLOAD_BYTES = int(os.environ.get("JIXIAO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = JIXIAO_MAX_UPLOAD_BYTES
FILE_UPLOAD_HANDLERS = [
    "evaluations.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",  # only past FILE_UPLOAD_MAX_MEMORY_SIZE (job batches)
]

# Login throttling (django-axes): 5 failed attempts for one user name from one address lock that
# pair out for 15 minutes; a success resets the count. The lockout page is in Chinese.
AXES_FAILURE_LIMIT = int(os.environ.get("JIXIAO_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("JIXIAO_LOGIN_COOLOFF_HOURS", 0.25))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_VERBOSE = False

# Content Security Policy (django-csp): scripts and styles only from this site; the pages' few
# inline scripts carry the request's nonce. Inline style attributes are allowed (no script runs
# from them). The API's interactive docs page is its own (django-ninja's) and is left out.
from csp.constants import NONCE, NONE as _NONE, SELF as _SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/docs"],
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF, NONCE],
        "style-src": [_SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    },
}

# Production (JIXIAO_DEPLOY=production): HTTPS only, secure cookies, HSTS — `manage.py check --deploy` passes.
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("JIXIAO_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    if os.environ.get("JIXIAO_BEHIND_PROXY") == "1":  # TLS ends at a reverse proxy that sets X-Forwarded-Proto
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# ---------------------------------------------------------------------------------------------
# Jobs: task queue, shared cache and file storage (web/jobs; every setting in docs/deploy.md).
# One machine: no CELERY_BROKER_URL / REDIS_URL → an embedded broker of files in the instance
# folder (kombu's filesystem transport), the per-process memory cache, files in the instance folder.
# Several machines: REDIS_URL (or CELERY_BROKER_URL) → Redis broker, django-redis cache, and a
# shared file store through STORAGES (JIXIAO_STORAGE, a JSON STORAGES["default"] entry).
# ---------------------------------------------------------------------------------------------
import json as _json  # noqa: E402

REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or REDIS_URL
JOBS_EMBEDDED = not CELERY_BROKER_URL
JOBS_QUEUE_DIR = Path(os.environ.get("JIXIAO_QUEUE_DIR", INSTANCE_DIR / "queue"))
if JOBS_EMBEDDED:
    JOBS_QUEUE_DIR.mkdir(parents=True, exist_ok=True)
    (JOBS_QUEUE_DIR / "control").mkdir(exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(JOBS_QUEUE_DIR), "data_folder_out": str(JOBS_QUEUE_DIR),
        "control_folder": str(JOBS_QUEUE_DIR / "control"), "store_processed": False,
    }
else:
    # A message a dead worker took is handed out again after this many seconds: longer than any job.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("JOBS_VISIBILITY_TIMEOUT", "3600"))}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("JOBS_QUEUE", "jixiao")
CELERY_TASK_ACKS_LATE = True  # acknowledged when done, so a job taken by a killed worker is redelivered
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # the Job row holds status, progress, result file and error
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A running job whose row was not touched for this long belongs to a dead worker: another takes it over.
JOBS_STALE_SECONDS = int(os.environ.get("JOBS_STALE_SECONDS", "120"))
# Every worker looks for such jobs this often (services.recover); a running job's worker touches its
# heartbeat every JOBS_STALE_SECONDS / 4 (runner.heartbeat).
JOBS_SWEEP_SECONDS = float(os.environ.get("JOBS_SWEEP_SECONDS", str(max(1, JOBS_STALE_SECONDS // 2))))
JOBS_MAX_UPLOAD_BYTES = int(os.environ.get("JOBS_MAX_UPLOAD_BYTES", str(200 * 1024 * 1024)))
JOBS_MAX_FILES = int(os.environ.get("JOBS_MAX_FILES", "2000"))
JOBS_PART_SIZE = int(os.environ.get("JOBS_PART_SIZE", "10"))  # a batch larger than this is shared among workers
DATA_UPLOAD_MAX_MEMORY_SIZE = max(DATA_UPLOAD_MAX_MEMORY_SIZE, 10 * 1024 * 1024)

CACHE_URL = os.environ.get("CACHE_URL", "") or REDIS_URL
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": CACHE_URL,
                          "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "jixiao"), "TIMEOUT": 3600}}

MEDIA_ROOT = Path(os.environ.get("JIXIAO_MEDIA_ROOT", INSTANCE_DIR / "media"))
STORAGES = {
    "default": (_json.loads(os.environ["JIXIAO_STORAGE"]) if os.environ.get("JIXIAO_STORAGE")
                else {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(MEDIA_ROOT)}}),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# 佐证材料 (evidence files): a folder of their own outside the web root (JIXIAO_EVIDENCE_DIR; on several
# machines a shared mount), or any storage backend (JIXIAO_EVIDENCE_STORAGE, JSON like JIXIAO_STORAGE).
JIXIAO_EVIDENCE_DIR = Path(os.environ["JIXIAO_EVIDENCE_DIR"]) if os.environ.get("JIXIAO_EVIDENCE_DIR") else None
if os.environ.get("JIXIAO_EVIDENCE_STORAGE"):
    STORAGES["evidence"] = _json.loads(os.environ["JIXIAO_EVIDENCE_STORAGE"])
INSTALLED_APPS.append("jobs")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The tests start real worker processes: they must open the same test database, so it is a file
    # (one per test run, so that two runs in one checkout do not share it).
    DATABASES["default"]["TEST"] = {"NAME": str(INSTANCE_DIR / f"test-db-{os.getpid()}.sqlite3")}
elif os.environ.get("DATABASE_TEST_NAME"):  # the test database's name on a shared server (default test_<name>)
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}
# Uploads to the jobs pages: published reports (or zips of them) in every format the audit reads.
from jixiao.audit.formats import REPORT_SUFFIXES as _AUDIT_SUFFIXES, UPLOAD_SUFFIXES as _AUDIT_UPLOADS  # noqa: E402

JIXIAO_UPLOAD_RULES = [
    # 佐证材料 (evidence.py checks them again) and reports to audit in the browser (web-ux)
    {"prefix": r"/evaluations/\d+/evidence/", "max_bytes": 10 * 1024 * 1024,
     "extensions": [".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt"]},
    {"prefix": r"/evaluations/\d+/audit/", "max_bytes": 30 * 1024 * 1024,
     "extensions": list(_AUDIT_SUFFIXES)},  # every format the audit reads (jixiao/audit/formats.py)
    {"prefix": "/jobs/", "max_bytes": JOBS_MAX_UPLOAD_BYTES,
     "extensions": list(_AUDIT_UPLOADS)},  # the same, and .zip archives of them (what the batch audit job takes)
]
# --------------------------------------------------------------------------- end of jobs settings
