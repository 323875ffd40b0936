"""Hostile input for the fuzz test (``test_fuzz.py``): text, numbers, URL parts and bodies.

Strategies return ``str`` values meant for a form field or URL component, or
``bytes`` already encoded for the wire (percent-encoded URL parts, raw bodies).
"""

import json
import socket
import string
from http.client import HTTPResponse
from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote, quote_plus

from hypothesis import strategies as st

from tests.live.conftest import Response

CONTROL_CHARACTERS = "".join(map(chr, range(32))) + "\x7f"
LONG = 10_000

# Values that have broken web apps before: markup, SQL, template syntax, URL schemes,
# look-alike and oddly normalising characters, number edge cases.
SNIPPETS = [
    "\x00",
    "\x00\x00\x00",
    "a\x00b",
    "\x01",
    "\x08",
    "\x0b",
    "\x1b[31m",
    "\x7f",
    "\r\n",
    "\r\nSet-Cookie: x=1",
    "\t",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "/\\evil.example",
    "https://evil.example/",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(1)>",
    "' OR '1'='1",
    "'; DROP TABLE auth_user; --",
    '" OR ""="',
    "%' --",
    "\\",
    "%",
    "%%",
    "%00",
    "%FF",
    "%C0%AF",
    "%E0%80%80",
    "%u0000",
    "{{ 7*7 }}",
    "{% debug %}",
    "${jndi:ldap://x}",
    "../../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "*",
    "?",
    "#",
    "&",
    "=",
    ";",
    "+",
    "@",
    "a@b",
    "a@b.c",
    "name@example.com",
    "NAME@EXAMPLE.COM",
    '"a b"@example.com',
    "a@[127.0.0.1]",
    "a@xn--",
    "a@ñandú.example",
    "a@" + "b" * 70 + ".example",
    "x" * 64 + "@example.com",
    "\u202eexample.com",
    "\ufeff",
    "\u200b",
    "\u00a0",
    "\u2028",
    "\ud7ff",
    "\ue000",
    "\ufffd",
    "\uffff",
    "\U0010ffff",
    "\U0001f600",
    "ﬁ",
    "ǅ",
    "İ",
    "ß",
    "ẞ",
    "A\u030a",
    "\u212b",
    "\u00c5",
    "ｊａｖａｓｃｒｉｐｔ：",
    "１２３",
    "²",
    "٣",
    "𝟘",
    "Ⅻ",
    "0",
    "-0",
    "-1",
    "-999999999999999999999",
    "1",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999999999",
    "9" * 5000,
    "1e309",
    "0x10",
    "1_000",
    " 2 ",
    "NaN",
    "Infinity",
    "None",
    "null",
    "true",
    "[]",
    "{}",
    "on",
]
NUMBERS = [
    "0",
    "-1",
    "-2",
    "1",
    "2",
    "3",
    "01",
    "+1",
    " 1",
    "1.5",
    "1e3",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "9" * 30,
    "9" * 4300,
    "9" * 4301,
    "9" * 10_000,
    "²",
    "١",
    "１",
    "𝟙",
    "0x1",
    "1_0",
]

snippets = st.sampled_from(SNIPPETS)
controls = st.text(alphabet=st.sampled_from(CONTROL_CHARACTERS), min_size=1, max_size=5)


def long_text(sizes):
    return st.builds(
        lambda piece, size: (piece * (size // max(len(piece), 1) + 1))[:size], snippets, st.sampled_from(sizes)
    )


def hostile_text_of(long_sizes):
    """Any text (Hypothesis favours odd code points), hostile snippets, control characters,
    long values of ``long_sizes`` characters, and mixtures of them all."""
    return st.one_of(
        st.text(max_size=40),
        snippets,
        controls,
        long_text(long_sizes),
        st.lists(st.one_of(snippets, controls, st.text(max_size=10)), min_size=2, max_size=6).map("".join),
        st.builds("{}{}".format, snippets, st.text(alphabet=string.ascii_letters, max_size=8)),
    )


# For form fields: up to 10,000 characters and more.
hostile_text = hostile_text_of([LONG, LONG + 1, 5001])
# For URLs: long, but mostly within the 4,094-byte request line gunicorn accepts (beyond it: 414).
url_text = hostile_text_of([300, 1000, 1000, LONG])
hostile_number = st.one_of(st.sampled_from(NUMBERS), st.integers().map(str), url_text)
hostile_email = st.one_of(
    st.emails().map(str),
    st.builds("{}{}".format, st.emails().map(str), st.one_of(snippets, controls)),
    st.builds("{}@{}".format, hostile_text, st.sampled_from(["example.com", "ex\x00ample.com", "例え.jp", "-a.com"])),
    hostile_text,
)


def percent_bytes(data):
    """Every byte percent-encoded: how invalid UTF-8 such as %FF or %C0%AF reaches the server."""
    return "".join(f"%{byte:02X}" for byte in data)


# A URL component: text percent-encoded as a browser would, raw percent-encoded bytes
# (invalid UTF-8, overlong sequences, NUL), or text with such bytes mixed in.
BAD_ESCAPES = ["%FF", "%00", "%C0%AF", "%C0%80", "%ED%A0%80", "%F4%90%80%80", "%E2%82", "%", "%G0", "%2", "%25"]
url_component = st.one_of(
    url_text.map(lambda text: quote(text.encode("utf-8", "surrogatepass"), safe="")),
    url_text.map(lambda text: quote(text.encode("utf-8", "surrogatepass"), safe="/;=,@")),
    st.binary(max_size=24).map(percent_bytes),
    st.lists(
        st.one_of(st.sampled_from(BAD_ESCAPES), st.text(alphabet=string.ascii_letters + "-_.~", max_size=6)),
        min_size=1,
        max_size=6,
    ).map("".join),
)


def query_string(pairs):
    """A query string from (name, already-encoded value) pairs."""
    return "&".join(f"{name}={value}" for name, value in pairs)


# Hostile query parameters to add to any URL: unknown names, the parameters pages read
# (page, p, q, sent, id, format, next), repeated.
param_name = st.one_of(
    st.sampled_from(["page", "p", "q", "sent", "id", "format", "next", "preview", "source", "utm_source", "page[]"]),
    url_component,
)
extra_params = st.lists(st.tuples(param_name, url_component), max_size=4)


def form_body(pairs):
    """An application/x-www-form-urlencoded body from (name, value) pairs; values that are
    ``bytes`` go out as they are (already percent-encoded, possibly invalid UTF-8)."""
    parts = []
    for name, value in pairs:
        encoded = (
            value.decode("ascii") if isinstance(value, bytes) else quote_plus(value.encode("utf-8", "surrogatepass"))
        )
        parts.append(f"{quote_plus(name)}={encoded}")
    return "&".join(parts).encode("ascii")


# A field value for a form body: text, or raw percent-encoded bytes (invalid UTF-8).
field_value = st.one_of(
    hostile_text,
    hostile_text,
    st.binary(max_size=24).map(lambda data: percent_bytes(data).encode()),
)

# Content types a form post should not come with, and malformed multipart bodies.
WRONG_CONTENT_TYPES = [
    "application/json",
    "text/plain",
    "text/xml",
    "application/octet-stream",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=" + "x" * 300,
    "multipart/form-data; boundary=\x00",
    "multipart/mixed; boundary=b",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=nonexistent",
    "application/x-www-form-urlencoded; charset=\x00",
    "",
    ";",
    "\u00e9/\u00e9",
]
wrong_content_type = st.sampled_from(WRONG_CONTENT_TYPES)
raw_body = st.one_of(
    st.binary(max_size=200),
    st.builds(
        lambda value: json.dumps(value).encode(),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda children: (
                st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
            ),
            max_leaves=8,
        ),
    ),
    st.just(b"[" * 100_000),
    st.just(b"a=1&" * 2000),
    st.just(b"%FF=%FF&%00=%00&a=%C0%AF"),
)


def multipart(fields, files=(), boundary="fuzzboundary"):
    """A multipart/form-data body: ``fields`` are (name, str) pairs, ``files`` (name, filename, bytes)."""
    chunks = []
    for name, value in fields:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode("utf-8", "surrogatepass")
            + b"\r\n"
        )
    for name, filename, data in files:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode("utf-8", "surrogatepass")
            + data
            + b"\r\n"
        )
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks)


# Ways to break a multipart body: cut it short, drop the closing boundary, garble headers.
MULTIPART_DAMAGE = ["none", "truncate", "no-closing", "bad-header", "no-disposition", "boundary-mismatch", "nul-name"]


def damage_multipart(body, how, boundary="fuzzboundary"):
    if how == "truncate":
        return body[: len(body) // 2]
    if how == "no-closing":
        return body.replace(f"--{boundary}--\r\n".encode(), b"")
    if how == "bad-header":
        return body.replace(b"Content-Disposition:", b"Content-Disposition\x00 form-data;;;;\xff", 1)
    if how == "no-disposition":
        return body.replace(b"Content-Disposition: form-data; ", b"X: ", 1)
    if how == "boundary-mismatch":
        return body.replace(boundary.encode(), b"other", 1)
    if how == "nul-name":
        return body.replace(b'name="', b'name="\x00', 1)
    return body


# Sending ---------------------------------------------------------------------


def send(port, method, target, headers=(), body=b"", timeout=30):
    """One request on a new connection, written byte for byte: ``target`` (``str`` or ``bytes``)
    goes out exactly as given, which http.client would refuse for some of these values."""
    if isinstance(target, str):
        target = target.encode("utf-8", "surrogatepass")
    lines = [
        method.encode("ascii") + b" " + target + b" HTTP/1.1",
        f"Host: 127.0.0.1:{port}".encode(),
        b"X-Forwarded-Proto: https",
        b"Connection: close",
    ]
    lines += [f"{name}: {value}".encode("utf-8", "surrogatepass") for name, value in headers]
    if body or method in {"POST", "PUT", "PATCH"}:
        lines.append(f"Content-Length: {len(body)}".encode())
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        response = HTTPResponse(sock, method=method)
        response.begin()
        try:
            return Response(response.status, response.headers, response.read())
        finally:
            response.close()


class Visitor:
    """A client that keeps its cookies (and sends the Origin header of the site's own pages)."""

    def __init__(self, site):
        self.site = site
        self.cookies = {}

    def request(self, method, target, headers=(), body=b""):
        headers = [("Origin", self.site.origin), *headers]
        if self.cookies:
            headers.append(("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items())))
        response = send(self.site.port, method, target, headers, body)
        for line in response.headers.get_all("Set-Cookie") or []:
            try:
                cookie = SimpleCookie(line)
            except CookieError:
                continue
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    @property
    def csrf_token(self):
        return self.cookies.get("csrftoken", "")
