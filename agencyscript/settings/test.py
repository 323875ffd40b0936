"""The test suite: fast hashing, plain static files, mail kept in memory."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, STORAGES

DEBUG = False
SECRET_KEY = "test-only-not-secret-agencyscript-0123456789abcdef"  # noqa: S105
# A fixed, public test key for verifiable credentials (never used outside the test suite).
CREDENTIAL_VC_SIGNING_KEY = "dGVzdC1vbmx5LXZjLXNpZ25pbmcta2V5LTAwMDAwMDA="  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
# Wagtail's background tasks run at once in tests; tests/agencyscript/test_worker.py checks that the
# worker empties the database queue production uses.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
SERVE_MEDIA = True
# The admin browser test (tests/browser/test_admin.py) collects what a strict admin policy would block.
CSP_ADMIN_REPORT_STRICT = True
MEDIA_ROOT = BASE_DIR / ".data" / "test-media"
# Serve static files straight from static/ (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A file (not in-memory) SQLite test database, so the live server used by the
# browser tests can open its own connection from its own thread.
from .base import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    (BASE_DIR / ".data").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_SQLITE_NAME", str(BASE_DIR / ".data" / "test.sqlite3"))
    }
# Pages are rendered on every request in tests; tests/agencyscript/test_pagecache.py turns the cache on.
PAGE_CACHE_ENABLED = False
