"""Live-server tests: gunicorn with production settings against a real database.

``live_site`` starts the site as production runs it: gunicorn with 3 workers,
``agencyscript.settings.production``, a database of its own (a fresh
PostgreSQL database when ``DATABASE_URL`` names PostgreSQL, else a SQLite file
in ``DATA_DIR``) holding the demo content and an editor account, collected
static files, and a fresh ``DATA_DIR``. The database is built once per session
(``live_site_built``: migrate, load_initial_data, collectstatic,
createsuperuser) and each live site starts from a copy of it. ``live_site`` is
parametrized by cache: "file" (no ``REDIS_URL``: a single machine without
Redis) and "redis" (``REDIS_URL`` pointing at Redis database 13, flushed
first). The Redis variant is skipped when no Redis server answers on
127.0.0.1:6379, unless ``LIVE_TESTS_REQUIRE_REDIS`` is set (``.ci/run`` starts
Redis and sets it).

Fault tests (``test_faults.py``): ``live_site_behind_proxy`` is ``live_site`` reaching
its database through ``database_proxy``, a ``tcp_proxy.TcpProxy`` the test switches
between forwarding, refusing and black-holing; ``own_redis`` is a redis-server of
the test's own on a free port, to be killed and restarted; ``running_site`` starts
a site with other options (its own Redis, extra environment such as a mail server).
``LiveSite(..., env={...})`` adds environment variables (``tests/live/test_media.py``
configures a shared bucket that way), and ``shares_database_of(site)`` makes a
second machine of a site: the same database, its own ``DATA_DIR``.

Requests go over plain HTTP on loopback with ``X-Forwarded-Proto: https``, as
the TLS proxy in front of production sends. ``LiveSite.get`` opens a new
connection for every request (so gunicorn spreads them over its workers) and
sends no cookie; ``LiveSite.admin_session()`` signs in to the Wagtail admin and
keeps its own cookies (``post_multipart`` uploads files) (production cookies are Secure, which urllib's cookie jar
would not send over http).
"""

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import dj_database_url
import psycopg
import pytest
import redis

from tests.live.tcp_proxy import TcpProxy

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORKERS = 3
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 13
EDITOR_USERNAME = "chief"  # a superuser; the demo content has its own "editor"
START_TIMEOUT = 60


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/live/" in str(item.fspath):
            item.add_marker(pytest.mark.live)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers():
    try:
        return redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", errors="replace")

    def header(self, name, default=""):
        return self.headers.get(name, default)

    def __repr__(self):
        return f"<Response {self.status} X-Page-Cache={self.header('X-Page-Cache') or '-'}>"


class LiveSite:
    """A running gunicorn serving the site, and ways to talk to it."""

    def __init__(
        self, data_dir, cache="file", workers=WORKERS, label=None, database_port=None, redis_url=None, env=None
    ):
        """``database_port``: reach PostgreSQL on this loopback port (a proxy) instead of DATABASE_URL's;
        ``redis_url``: a Redis of the test's own instead of database 13 of the shared one;
        ``env``: more environment variables for gunicorn and the worker."""
        self.data_dir = Path(data_dir)
        self.cache = cache
        self.workers = workers
        self.label = label or cache
        self.database_port = database_port
        self.redis_url = redis_url or f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.base_url = f"http://{self.host}"
        # What the browser believes it talks to (the TLS proxy's address).
        self.origin = f"https://{self.host}"
        self.editor_password = secrets.token_urlsafe(18)
        self.process = self.worker_process = None
        self._database_name = None
        self._maintenance = None
        self.env = {**self._environment(), **(env or {})}

    # Set-up and tear-down -------------------------------------------------

    def _environment(self):
        env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TZ") if name in os.environ}
        env.update(
            DJANGO_SETTINGS_MODULE="agencyscript.settings.production",
            SECRET_KEY=secrets.token_urlsafe(45)[:60],
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            SITE_URL=self.base_url,
            WAGTAILADMIN_BASE_URL=self.base_url,
            DATA_DIR=str(self.data_dir),
            STATIC_ROOT=str(self.data_dir / "static"),
            SERVE_MEDIA="true",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            DATABASE_URL=self._database_url(),
            PYTHONUNBUFFERED="1",
        )
        if self.cache == "redis":
            env["REDIS_URL"] = self.redis_url
        return env

    def _database_url(self):
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            return f"sqlite:///{self.data_dir / 'db.sqlite3'}"
        config = dj_database_url.parse(url)
        self._database_name = f"{config['NAME']}_live_{os.getpid()}_{self.label}"
        self._maintenance = {
            "host": config["HOST"] or "127.0.0.1",
            "port": config["PORT"] or 5432,
            "user": config["USER"] or "postgres",
            "password": config["PASSWORD"] or None,
            "dbname": "postgres",
            "autocommit": True,
        }
        parts = urlsplit(url)._replace(path=f"/{self._database_name}")
        if self.database_port:
            credentials = parts.netloc.rpartition("@")[0]
            parts = parts._replace(netloc=f"{credentials}@127.0.0.1:{self.database_port}".lstrip("@"))
        return parts.geturl()

    def _postgres(self, sql, params=None, dbname="postgres"):
        with psycopg.connect(**{**self._maintenance, "dbname": dbname}) as connection:
            connection.execute(sql, params)

    def create_database(self):
        if self._database_name:
            self._postgres(f'DROP DATABASE IF EXISTS "{self._database_name}" WITH (FORCE)')
            self._postgres(f'CREATE DATABASE "{self._database_name}"')

    def drop_database(self):
        if self._database_name:
            self._postgres(f'DROP DATABASE IF EXISTS "{self._database_name}" WITH (FORCE)')

    def flush_redis(self):
        if self.cache == "redis":
            with contextlib.suppress(redis.ConnectionError):  # a Redis of the test's own may be stopped
                redis.Redis.from_url(self.redis_url, socket_connect_timeout=1).flushdb()

    def build(self):
        """A database with the demo site and an editor, and collected static files."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.flush_redis()
        self.create_database()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_initial_data")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage(
            "createsuperuser",
            "--noinput",
            f"--username={EDITOR_USERNAME}",
            "--email=chief@agencyscript.test",
            env={"DJANGO_SUPERUSER_PASSWORD": self.editor_password},
        )

    def copy_of(self, built):
        """Start from a copy of another (stopped) site's database, uploads and static files,
        rather than building it again: much faster than migrating. Caches start empty."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.flush_redis()
        self.editor_password = built.editor_password
        self.env["STATIC_ROOT"] = built.env["STATIC_ROOT"]
        if (built.data_dir / "media").exists():
            shutil.copytree(built.data_dir / "media", self.data_dir / "media")
        # The default site's address, as load_initial_data sets it from SITE_URL.
        update_site = "UPDATE wagtailcore_site SET hostname = %s, port = %s WHERE is_default_site"
        if self._database_name:
            self._postgres(f'DROP DATABASE IF EXISTS "{self._database_name}" WITH (FORCE)')
            self._postgres(f'CREATE DATABASE "{self._database_name}" TEMPLATE "{built._database_name}"')
            self._postgres(update_site, ("127.0.0.1", self.port), dbname=self._database_name)
        else:
            shutil.copyfile(built.data_dir / "db.sqlite3", self.data_dir / "db.sqlite3")
            with contextlib.closing(sqlite3.connect(self.data_dir / "db.sqlite3")) as connection, connection:
                connection.execute(update_site.replace("%s", "?"), ("127.0.0.1", self.port))

    def shares_database_of(self, other):
        """A second machine of ``other``'s site: the same database (and editor), its own DATA_DIR.
        Call on a site that was never built; ``other`` owns the database and drops it."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.editor_password = other.editor_password
        self._database_name = None
        for name in ("DATABASE_URL", "STATIC_ROOT"):
            self.env[name] = other.env[name]

    def start(self):
        # The background worker, as production runs it beside gunicorn (/healthz/ waits for its heartbeat).
        worker_log = (self.data_dir / "worker.log").open("wb")
        self.worker_process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "run_worker"],
            cwd=REPO,
            env=self.env,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker_log.close()
        log = (self.data_dir / "gunicorn.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own virtualenv's gunicorn
            [
                str(BIN / "gunicorn"),
                "agencyscript.wsgi",
                f"--workers={self.workers}",
                f"--bind={self.host}",
                "--graceful-timeout=5",
            ],
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.get("/healthz/").status == 200:
                    return
            time.sleep(0.2)
        self.stop()
        pytest.fail(
            f"gunicorn did not answer /healthz/ within {START_TIMEOUT} s. Its log ends:\n{self.log_tail()}\n"
            f"The worker's log ends:\n{self.log_tail('worker.log')}"
        )

    def stop(self):
        for process in (self.process, self.worker_process):
            if process is None:
                continue
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.process = self.worker_process = None

    def log_tail(self, name="gunicorn.log", lines=40):
        path = self.data_dir / name
        if not path.exists():
            return "(no log)"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    # Talking to it --------------------------------------------------------

    def manage(self, *args, env=None):
        """Run ``manage.py`` with the site's environment; returns its stdout."""
        result = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
        return result.stdout

    def python(self, code):
        """Run Python in ``manage.py shell``; returns what it prints, parsed as JSON when it is."""
        out = self.manage("shell", "--no-startup", "--no-imports", "-c", code).strip()
        try:
            return json.loads(out)
        except ValueError:
            return out

    def request(self, method, path, body=None, headers=None, timeout=30):
        """One request on a new connection, as seen behind the TLS proxy."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers={"X-Forwarded-Proto": "https", **(headers or {})})
            response = connection.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            connection.close()

    def get(self, path, headers=None):
        """An anonymous GET (no cookies) on a new connection."""
        return self.request("GET", path, headers=headers)

    def admin_session(self, username=EDITOR_USERNAME, password=None):
        session = Session(self)
        session.sign_in(username, password or self.editor_password)
        return session


class Session:
    """A signed-in visitor: keeps its cookies and sends what Django's CSRF check over HTTPS expects."""

    def __init__(self, site):
        self.site = site
        self.cookies = {}

    def request(self, method, path, fields=None, body=None, content_type=None):
        headers = {"Origin": self.site.origin, "Referer": self.site.origin + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if fields is not None:
            body = urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        if content_type:
            headers["Content-Type"] = content_type
        response = self.site.request(method, path, body=body, headers=headers)
        for line in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields=None):
        """POST form fields (a dict or a list of pairs), with the CSRF token added."""
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields or [])
        if not any(name == "csrfmiddlewaretoken" for name, _ in pairs):
            pairs.append(("csrfmiddlewaretoken", self.cookies["csrftoken"]))
        return self.request("POST", path, pairs)

    def post_multipart(self, path, fields, files):
        """POST a form with file fields (``files``: name -> (filename, content type, bytes)), as a browser
        uploads, with the CSRF token added."""
        boundary = secrets.token_hex(16)
        fields = {"csrfmiddlewaretoken": self.cookies["csrftoken"], **fields}
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        ]
        for name, (filename, content_type, content) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body=body, content_type=f"multipart/form-data; boundary={boundary}")

    def sign_in(self, username, password):
        page = self.get("/admin/login/")
        assert page.status == 200, f"admin login page: HTTP {page.status}"
        fields = dict(form_fields(page.text, action_contains="login"))
        fields.update(username=username, password=password, next="/admin/")
        response = self.post("/admin/login/", fields)
        assert response.status == 302, f"signing in to the admin failed: HTTP {response.status}"
        assert "sessionid" in self.cookies, "signing in set no session cookie"

    def form(self, path, action_contains=""):
        """The fields a browser would submit from the form on ``path`` (a list of pairs)."""
        page = self.get(path)
        assert page.status == 200, f"GET {path}: HTTP {page.status}"
        return form_fields(page.text, action_contains=action_contains)

    def submit(self, path, changes, action_contains=""):
        """Fetch the form on ``path``, change some fields (adding those it lacks, such as the
        submit button pressed) and post the whole form back."""
        pairs = [(name, changes.get(name, value)) for name, value in self.form(path, action_contains)]
        pairs += [(name, value) for name, value in changes.items() if name not in dict(pairs)]
        return self.post(path, pairs)


class FormParser(HTMLParser):
    """The successful controls of each <form> in a page, as a browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # (attributes, [(name, value)])
        self.current = None
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = (attrs, [])
            self.forms.append(self.current)
            return
        if self.current is None or "disabled" in attrs:
            return
        fields = self.current[1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    fields.append((name, attrs.get("value") or "on"))
                return
            fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": [], "selected": []}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value")
            self.select["options"].append(value)
            if "selected" in attrs:
                self.select["selected"].append(value)
            self.select["pending"] = value is None  # value is the option's text

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        elif self.select is not None and self.select.get("pending"):
            self.select["options"][-1] = (self.select["options"][-1] or "") + data.strip()

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea" and self.textarea is not None:
            name, value = self.textarea
            self.current[1].append((name, value.removeprefix("\n")))
            self.textarea = None
        elif tag == "option" and self.select is not None:
            self.select["pending"] = False
        elif tag == "select" and self.select is not None:
            chosen = self.select["selected"]
            if not chosen and not self.select["multiple"] and self.select["options"]:
                chosen = self.select["options"][:1]
            self.current[1].extend((self.select["name"], value or "") for value in chosen)
            self.select = None


def form_fields(html, action_contains=""):
    """The fields of the first POST form whose action contains ``action_contains``."""
    parser = FormParser()
    parser.feed(html)
    for attrs, fields in parser.forms:
        if (attrs.get("method") or "get").lower() == "post" and action_contains in (attrs.get("action") or ""):
            return fields
    raise AssertionError(f"no POST form with an action containing {action_contains!r}")


@pytest.fixture(scope="session")
def live_site_built():
    """A site built once per session (migrated, demo content, editor, static files), never
    started: each ``live_site`` starts from a copy of it."""
    with tempfile.TemporaryDirectory(prefix="agencyscript-live-") as data_dir:
        site = LiveSite(data_dir, cache="file", label="built")
        try:
            site.build()
            yield site
        finally:
            site.drop_database()


def skip_without_shared_redis():
    if not redis_answers():
        reason = f"no Redis server answers on {REDIS_HOST}:{REDIS_PORT} (.ci/run starts one)"
        if os.environ.get("LIVE_TESTS_REQUIRE_REDIS"):
            pytest.fail(reason)
        pytest.skip(reason)


@contextlib.contextmanager
def running_site(built, cache="file", env=None, **options):
    """A started copy of ``built`` (see ``LiveSite`` for ``options``), with ``env`` added to its
    environment (rate limits, keys...); stopped and its database dropped afterwards."""
    with tempfile.TemporaryDirectory(prefix="agencyscript-live-") as data_dir:
        site = LiveSite(data_dir, cache=cache, **options)
        site.env.update(env or {})
        try:
            site.copy_of(built)
            site.start()
            yield site
        finally:
            site.stop()
            site.drop_database()
            site.flush_redis()


@pytest.fixture(params=["file", "redis"])
def live_site(request, live_site_built):
    """The site under gunicorn (production settings, 3 workers), demo content loaded, with
    a database, DATA_DIR and (for "redis") Redis database of its own, all fresh."""
    if request.param == "redis":
        skip_without_shared_redis()
    with running_site(live_site_built, request.param) as site:
        yield site


@pytest.fixture
def database_proxy():
    """A TCP proxy in front of PostgreSQL (``tcp_proxy.TcpProxy``: forward, refuse, black-hole)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("database fault tests need PostgreSQL (DATABASE_URL)")
    config = dj_database_url.parse(url)
    with TcpProxy(config["HOST"] or "127.0.0.1", int(config["PORT"] or 5432)) as proxy:
        yield proxy


@pytest.fixture(params=["file", "redis"])
def live_site_behind_proxy(request, live_site_built, database_proxy):
    """``live_site``, reaching its database through ``database_proxy`` (forwarding at the start)."""
    if request.param == "redis":
        skip_without_shared_redis()
    with running_site(live_site_built, request.param, database_port=database_proxy.port) as site:
        yield site
    database_proxy.forward()


class RedisServer:
    """A redis-server of the test's own on a free port (no persistence), which can be stopped and restarted."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(redis.RedisError):
                if redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping():
                    return
            time.sleep(0.1)
        pytest.fail(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture
def own_redis():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
