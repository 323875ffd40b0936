"""External links: does every web address in a live article still answer?

``check_url(url)`` asks the server with HEAD (GET when HEAD is not allowed) and
says, in plain words, what went wrong. It only talks to public addresses: the
host is resolved here, every address it resolves to must pass ``allow``, and the
connection goes to a checked address (never a second lookup, which a hostile DNS
server could answer differently), with the host name in the Host header and in
TLS. Each redirect target is checked the same way, at most three redirects are
followed, a whole check (redirects included) takes at most ``timeout`` seconds
(a name lookup counts against it but cannot be cut short: the system resolver
has its own limit), and no more than 64 KB of a body is read.

``check_all()`` checks every address in live articles, each once, and stores one
``ExternalLink`` row per article and address. Broken links are warnings in the
admin's "Broken external links" report: they never stop publication.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from blog import content
from blog.models import ArticlePage, ExternalLink

TIMEOUT = 5.0
MAX_REDIRECTS = 3
MAX_BODY = 64 * 1024
MAX_URL_LENGTH = 2048
WORKERS = 8
SCHEMES = {"http": 80, "https": 443}
REDIRECTS = {301, 302, 303, 307, 308}
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Characters left as they are when a path with spaces or non-ASCII letters is sent.
PATH_SAFE = "!#$%&'()*+,/:;=?@[]~"


@dataclass(frozen=True)
class Result:
    url: str
    ok: bool
    reason: str
    status: int | None = None


class LinkProblem(Exception):
    """Why an address could not be checked or did not answer well, in plain words."""


def user_agent():
    return f"AgencyScript-LinkCheck/1.0 (checks the links in articles of {settings.WAGTAILADMIN_BASE_URL})"


def public_address(address):
    """True for an address on the public internet: not private, loopback, link-local, multicast or reserved."""
    embedded = []
    if address.version == 6:
        embedded = [address.ipv4_mapped, address.sixtofour]
        if address in NAT64:
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    if any(inner is not None and not public_address(inner) for inner in embedded):
        return False
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


def ascii_host(host):
    """The host name as sent on the wire: IDN labels in punycode. LinkProblem if it cannot be."""
    if not host:
        raise LinkProblem("invalid address")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise LinkProblem("invalid address") from None


def resolve(host, port, allow):
    """Every address ``host`` resolves to, if ``allow`` accepts each of them."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise LinkProblem("host not found") from None
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in found))
    if not addresses:
        raise LinkProblem("host not found")
    if not all(allow(address) for address in addresses):
        raise LinkProblem("refused: private address")
    return addresses


class PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to addresses already checked, for the named host.

    ``hostname`` goes in TLS (SNI and certificate check); callers send it in the
    Host header. ``abort()`` may be called from another thread to end a read
    that has run past the deadline.
    """

    def __init__(self, addresses, port, *, hostname, tls, timeout):
        super().__init__(str(addresses[0]), port, timeout=timeout)
        self.addresses = addresses
        self.hostname = hostname
        self.tls = tls

    def connect(self):
        error = None
        for address in self.addresses:
            try:
                sock = socket.create_connection((str(address), self.port), self.timeout)
            except OSError as exc:
                error = exc
                continue
            try:
                self.sock = self.tls.wrap_socket(sock, server_hostname=self.hostname) if self.tls else sock
            except BaseException:
                sock.close()
                raise
            return
        raise error

    def abort(self):
        sock = self.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _tls_context():
    return ssl.create_default_context()


def _request(method, url, deadline, allow):
    """(status, phrase, Location header) of one request to ``url``."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise LinkProblem("not a web address")
    host = ascii_host(parts.hostname)
    try:
        port = parts.port or SCHEMES[scheme]
    except ValueError:
        raise LinkProblem("invalid address") from None
    addresses = resolve(host, port, allow)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    name = f"[{host}]" if ":" in host else host
    host_header = name if port == SCHEMES[scheme] else f"{name}:{port}"
    target = quote(parts.path or "/", safe=PATH_SAFE) + (
        f"?{quote(parts.query, safe=PATH_SAFE)}" if parts.query else ""
    )
    connection = PinnedConnection(
        addresses, port, hostname=host, tls=_tls_context() if scheme == "https" else None, timeout=remaining
    )
    watchdog = threading.Timer(remaining, connection.abort)
    watchdog.start()
    try:
        connection.request(method, target, headers={"Host": host_header, "User-Agent": user_agent(), "Accept": "*/*"})
        response = connection.getresponse()
        if method == "GET":
            response.read(MAX_BODY)
        if time.monotonic() >= deadline:
            raise TimeoutError  # the watchdog ended the answer; what arrived is not to be trusted
        return response.status, response.reason, response.getheader("Location")
    finally:
        watchdog.cancel()
        connection.close()


def _status(url, deadline, allow):
    status, phrase, location = _request("HEAD", url, deadline, allow)
    if status in (HTTPStatus.METHOD_NOT_ALLOWED, HTTPStatus.NOT_IMPLEMENTED):
        status, phrase, location = _request("GET", url, deadline, allow)
    return status, phrase, location


def _phrase(status, phrase):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return phrase or "unknown status"


def _follow(url, deadline, allow):
    seen = {url.split("#", 1)[0]}
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        status, phrase, location = _status(current, deadline, allow)
        if status not in REDIRECTS:
            return Result(url, 200 <= status < 400, f"{status} {_phrase(status, phrase)}", status)
        if not location:
            raise LinkProblem(f"{status} redirect without an address")
        current = urljoin(current, location.strip()).split("#", 1)[0]
        if current in seen:
            raise LinkProblem("redirect loop")
        seen.add(current)
    raise LinkProblem("too many redirects")


def check_url(url, *, timeout=TIMEOUT, allow=public_address):
    """Check one address. ``allow`` decides which IP addresses may be contacted."""
    deadline = time.monotonic() + timeout
    try:
        return _follow(url, deadline, allow)
    except LinkProblem as problem:
        return Result(url, False, str(problem))
    except (TimeoutError, OSError, http.client.HTTPException) as error:
        if isinstance(error, TimeoutError) or time.monotonic() >= deadline:
            return Result(url, False, f"no answer within {timeout:g} s")
        return Result(url, False, _failure(error))


def _failure(error):
    if isinstance(error, ssl.SSLCertVerificationError):
        return "invalid certificate"
    if isinstance(error, ssl.SSLError):
        return "secure connection failed"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, http.client.HTTPException | ConnectionResetError):
        return "invalid answer"
    return "connection failed"


def web_addresses(urls):
    """The http and https addresses among ``urls``, each once, in order."""
    found = []
    for url in urls:
        if urlsplit(url).scheme.lower() in SCHEMES and len(url) <= MAX_URL_LENGTH and url not in found:
            found.append(url)
    return found


def check_all(*, timeout=TIMEOUT, allow=public_address, workers=WORKERS):
    """Check every web address in live articles and store the results; returns them, one per address."""
    pairs = set()
    for article in ArticlePage.objects.live().only("pk", "body").iterator(chunk_size=200):
        _, urls = content.links(article.body)
        pairs.update((article.pk, url) for url in web_addresses(urls))
    urls = sorted({url for _, url in pairs})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(
            zip(urls, pool.map(lambda url: check_url(url, timeout=timeout, allow=allow), urls), strict=True)
        )
    now = timezone.now()
    rows = [
        ExternalLink(
            article_id=article_id,
            url=url,
            ok=results[url].ok,
            status=results[url].status,
            reason=results[url].reason[:200],
            checked_at=now,
        )
        for article_id, url in sorted(pairs)
    ]
    with transaction.atomic():
        stale = [
            pk
            for pk, article_id, url in ExternalLink.objects.values_list("pk", "article_id", "url")
            if (article_id, url) not in pairs
        ]
        ExternalLink.objects.filter(pk__in=stale).delete()
        ExternalLink.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["article", "url"],
            update_fields=["ok", "status", "reason", "checked_at"],
        )
    return list(results.values())
