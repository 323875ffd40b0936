"""Settings shared by every environment.

This module is production-safe on its own: ``DEBUG`` is off and every secret,
host and service address comes from the environment. ``dev``, ``test`` and
``production`` adjust it.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from agencyscript.media_storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "agencyscript"
# Runtime files of a laptop install (embedded database, uploads); git-ignored.
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / ".data"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "agencyscript",
    "agencyscript.accounts",
    "agencyscript.signups",
    "agencyscript.share_links",
    "agencyscript.worker",
    "django_tasks_db",
    "blog",
    "certification",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    # First, so that everything below waits on the database for a bounded time
    # (agencyscript/database_outage.py).
    "agencyscript.database_outage.DatabaseWaitLimitMiddleware",
    # Compresses HTML and JSON (with Django's BREACH mitigation); static files come
    # precompressed from WhiteNoise.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "agencyscript.security.SecurityHeadersMiddleware",
    "agencyscript.http.RejectControlCharactersMiddleware",
    "agencyscript.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "agencyscript.urls"
WSGI_APPLICATION = "agencyscript.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with every wait on the server under the request's wait limit.
    DATABASES["default"]["ENGINE"] = "agencyscript.postgresql"
    # Parameters sent apart from the SQL, and a query a connection has run twice kept
    # prepared: pages run the same few queries on every render, so the server plans
    # each once per connection instead of once per render. (Prepared statements do not
    # survive a transaction-pooling proxy such as PgBouncer's; the site connects directly.)
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 2}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers on one SQLite file: with write-ahead logging readers never block a writer,
    # and a transaction takes the write lock when it begins instead of failing to upgrade later.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The longest a request waits on the database in one call before it is answered 503
# (gunicorn's sync workers; 0: no limit). See agencyscript/database_outage.py.
DATABASE_WAIT_LIMIT_SECONDS = float(os.environ.get("DATABASE_WAIT_LIMIT_SECONDS", "2"))

# The cache every process shares (agencyscript/pagecache.py): Redis when REDIS_URL is
# set (every machine), otherwise files under DATA_DIR/cache (every worker of one machine).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_DIR = Path(os.environ.get("CACHE_DIR", DATA_DIR / "cache"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "agencyscript.cache_backends.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "agencyscript",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "agencyscript.cache_backends.SharedFileCache",
            "LOCATION": str(CACHE_DIR),
            "KEY_PREFIX": "agencyscript",
            # Bounded: past this size the least recently stored entries are dropped.
            "OPTIONS": {"size_limit": int(os.environ.get("CACHE_SIZE_MB", "512")) * 2**20},
        }
    }
# Wagtail would cache every image rendition it reads (a write per render); renditions
# are read with the page instead (blog.article_context), so this cache does nothing.
CACHES["renditions"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

AUTHENTICATION_BACKENDS = ["agencyscript.accounts.backends.EmailOrUsernameBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Sign-in brute-force protection (agencyscript/accounts/throttle.py): failures allowed in the
# window per account from one client and per client; account-wide failures before slowing down.
LOGIN_FAILURE_LIMIT_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ACCOUNT", "5"))
LOGIN_FAILURE_LIMIT_PER_CLIENT = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_CLIENT", "20"))
LOGIN_FAILURE_SLOWDOWN_AFTER = int(os.environ.get("LOGIN_FAILURE_SLOWDOWN_AFTER", "10"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", str(15 * 60)))

# Rate limits: "<requests>/<seconds>" per client address (IPv6 counted by /64).
RATE_LIMITS = {
    "signup": os.environ.get("RATE_LIMIT_SIGNUP", "5/60"),
    "search": os.environ.get("RATE_LIMIT_SEARCH", "30/60"),
    "verify": os.environ.get("RATE_LIMIT_VERIFY", "30/60"),
    # Opening preview share links (tokens cannot be guessed; this bounds trying).
    "share": os.environ.get("RATE_LIMIT_SHARE", "30/60"),
    # Password reset: requests from one client, and emails to one address.
    "password_reset": os.environ.get("RATE_LIMIT_PASSWORD_RESET", "10/3600"),
    "password_reset_email": os.environ.get("RATE_LIMIT_PASSWORD_RESET_EMAIL", "3/3600"),
}
# How many proxies in front of the app append to X-Forwarded-For (0: trust none).
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Uploads (images, renditions, documents): MEDIA_ROOT, or with MEDIA_S3_BUCKET a bucket every
# machine shares (agencyscript/media_storage.py).
STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: sent from the outbox (agencyscript.signups), retried until it goes.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Seconds to wait on the mail server (connecting, and each answer) before the worker retries later.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Agency Script <hello@agencyscript.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How long the worker keeps retrying an email that fails (with growing delays) before giving up.
OUTBOX_RETRY_FOR = datetime.timedelta(days=3)
# Which version of the newsletter consent wording the form shows (recorded with consent).
NEWSLETTER_CONSENT_VERSION = "2026-11"
NEWSLETTER_CONFIRMATION_MAX_AGE = 48 * 60 * 60

# Security headers (see agencyscript/security.py for the Content-Security-Policy).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Also send the admin a report-only policy without 'unsafe-inline' (agencyscript/security.py): editors'
# browsers then list in their console what Wagtail's admin would need to work without it.
CSP_ADMIN_REPORT_STRICT = env_bool("CSP_ADMIN_REPORT_STRICT", False)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"

# Wagtail
WAGTAIL_SITE_NAME = "Agency Script"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "https://agencyscript.com")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents are always served by Wagtail's view, which checks collection view restrictions on
# every download; their storage URL (a bucket or /media/documents/) is never linked or served.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx", "zip", "md"]
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's own background tasks (reference index, focal points, deleting replaced files) go into a
# queue in the database, which the worker (manage.py run_worker) empties every few seconds.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Review: an edit after approval needs approving again, and approval publishes as the
# workflow (blog.review), so reviewers need no publish permission.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "blog.finish_action.publish_on_approval"
# No Gravatar: the admin CSP allows no third-party images, and editors' addresses stay with us.
# Wagtail then shows its built-in default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Public URL of the site, for links in emails sent outside a request.
SITE_URL = os.environ.get("SITE_URL", WAGTAILADMIN_BASE_URL).rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}


def require_secret_key(key):
    if not key or len(key) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment to a random string of at least 50 characters "
            "(for example the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    return key


# Where contact-form messages are delivered.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "hello@agencyscript.com")
# Serve uploaded media from Django itself (small sites, demos). Larger sites put
# media behind the proxy or object storage instead.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

# Whole-page cache for anonymous visitors (agencyscript/pagecache.py).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("PAGE_CACHE_STALE_SECONDS", "60"))
# How much longer a page is kept, to be served only while rendering fails (database down).
PAGE_CACHE_STALE_IF_ERROR_SECONDS = int(os.environ.get("PAGE_CACHE_STALE_IF_ERROR_SECONDS", str(24 * 60 * 60)))

# A CDN in front (optional): purged on publish (agencyscript/frontend_cache.py).
from agencyscript.frontend_cache import frontend_cache_settings  # noqa: E402

WAGTAILFRONTENDCACHE = frontend_cache_settings()

# Ed25519 key (32 bytes, base64) that signs verification results (certification/signing.py).
CREDENTIAL_SIGNING_KEY = os.environ.get("CREDENTIAL_SIGNING_KEY", "")

# Verifiable credentials (certification/vc/): the Ed25519 key that signs Open Badges credentials and
# status lists (32 random bytes, base64; `manage.py rotate_vc_signing_key` makes one). Required outside
# development: the site refuses to issue with a key derived from SECRET_KEY.
CREDENTIAL_VC_SIGNING_KEY = os.environ.get("CREDENTIAL_VC_SIGNING_KEY", "")
# Signed status lists: valid for a few days, re-signed after each change and daily (resign_status_lists).
CREDENTIAL_STATUS_LIST_VALID_DAYS = int(os.environ.get("CREDENTIAL_STATUS_LIST_VALID_DAYS", "3"))
CREDENTIAL_STATUS_LIST_TTL_SECONDS = int(os.environ.get("CREDENTIAL_STATUS_LIST_TTL_SECONDS", "300"))
# Largest credential file the verify page accepts (JSON or baked PNG).
CREDENTIAL_FILE_MAX_BYTES = int(os.environ.get("CREDENTIAL_FILE_MAX_BYTES", str(512 * 1024)))
