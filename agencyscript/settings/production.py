"""Production: behind a TLS-terminating proxy, secrets from the environment."""

import os

from .base import *  # noqa: F403
from .base import env_bool, require_secret_key

SECRET_KEY = require_secret_key(os.environ.get("SECRET_KEY", ""))

# The proxy in front terminates TLS and tells us the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSP_UPGRADE_INSECURE_REQUESTS = env_bool("CSP_UPGRADE_INSECURE_REQUESTS", True)
