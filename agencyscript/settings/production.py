"""Production: behind a TLS-terminating proxy, secrets from the environment."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, env_bool, require_secret_key

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

# A database that cannot be reached fails fast instead of holding every worker (a server
# that has vanished mid-connection is bounded by DATABASE_WAIT_LIMIT_SECONDS instead).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2")))
    statement_timeout_ms = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "5000"))
    DATABASES["default"]["OPTIONS"].setdefault("options", f"-c statement_timeout={statement_timeout_ms}")
