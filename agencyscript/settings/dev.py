"""A laptop: debug on, emails printed to the console, any local host allowed."""

from .base import *  # noqa: F403
from .base import DATA_DIR, STORAGES, env_bool, env_list

DEBUG = True
# A fixed key is acceptable only here: dev settings never serve real visitors.
SECRET_KEY = "dev-only-not-secret-agencyscript-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
SITE_URL = "http://127.0.0.1:8000"
WAGTAILADMIN_BASE_URL = SITE_URL
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
DATA_DIR.mkdir(exist_ok=True)
# Serve static files straight from static/ (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# See changes to templates at once on a laptop.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
