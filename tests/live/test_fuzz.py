"""Issue 13 item 9: hostile input to every public form, query parameter and path parameter
gets an answer below 500, within a few seconds.

Property-based (Hypothesis) against the site as production runs it (gunicorn, production
settings, the "file" cache, demo content: see ``tests.live.conftest``). Each target below
is one public entry point, found from the URL configuration (``agencyscript.urls``, the
blog index's routes, ``certification.urls``, ``agencyscript.signups.urls``,
``agencyscript.accounts.urls``); each gets an equal share of ``FUZZ_EXAMPLES`` requests
(500 in the normal suite; ``make fuzz`` sends 5,000). Values come from ``tests.live.hostile``:
NUL and other control characters, 10,000-character strings, invalid UTF-8 in
percent-encoding, odd Unicode, ``javascript:`` values, SQL and HTML metacharacters, huge and
negative numbers, repeated parameters, wrong content types and broken multipart bodies.

Rate limits are raised so that the forms are exercised rather than refused; a 429 is still
an accepted answer, as is any status below 500. Forms that need a CSRF token get one from
a visitor that fetched a page first and keeps its cookies. A holder (a signed-in account
with demo credentials) fuzzes the holder pages and the public-verification switch.
"""

import base64
import json
import math
import os
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.live.conftest import form_fields, running_site
from tests.live.hostile import (
    MULTIPART_DAMAGE,
    NUMBERS,
    Visitor,
    controls,
    damage_multipart,
    extra_params,
    field_value,
    form_body,
    hostile_email,
    hostile_number,
    hostile_text,
    multipart,
    percent_bytes,
    query_string,
    raw_body,
    send,
    snippets,
    url_component,
    url_text,
    wrong_content_type,
)

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "500"))
SLOW_SECONDS = float(os.environ.get("FUZZ_SLOW_SECONDS", "5"))
UNLIMITED = "1000000/60"
SITE_ENV = {
    "RATE_LIMIT_SIGNUP": UNLIMITED,
    "RATE_LIMIT_SEARCH": UNLIMITED,
    "RATE_LIMIT_VERIFY": UNLIMITED,
    "RATE_LIMIT_PASSWORD_RESET": UNLIMITED,
    "RATE_LIMIT_PASSWORD_RESET_EMAIL": UNLIMITED,
    "LOGIN_FAILURE_LIMIT_PER_ACCOUNT": "1000000",
    "LOGIN_FAILURE_LIMIT_PER_CLIENT": "1000000",
    "LOGIN_FAILURE_SLOWDOWN_AFTER": "1000000",
    # Holder downloads and status lists are signed: without a key they answer 503.
    "CREDENTIAL_VC_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    "LOG_LEVEL": "WARNING",
}
HOLDER_EMAIL = "demo.holder01@example.com"

# Creates a holder account (the demo credentials' first holder) and a newsletter
# subscription, and lists what the fuzz targets need to know about the site.
SITE_DATA = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.documents import get_document_model
from wagtail.models import Page
from agencyscript.signups.models import FormPage, NewsletterSubscription
from blog.models import BlogIndexPage, Category
from certification.models import Credential, StatusList
from taggit.models import Tag

holder, _ = get_user_model().objects.get_or_create(username="fuzz-holder", defaults={{"email": {email!r}}})
holder.set_password({password!r})
holder.save()
subscription, _ = NewsletterSubscription.objects.get_or_create(email="fuzz.subscriber@example.com")
print(json.dumps({{
    "forms": {{page.form_type: page.url for page in FormPage.objects.live()}},
    "blog": BlogIndexPage.objects.live().first().url,
    "categories": list(Category.objects.values_list("slug", flat=True)),
    "tags": list(Tag.objects.values_list("slug", flat=True)[:20]),
    "pages": [page.url for page in Page.objects.live().public().filter(depth__gt=1)],
    "credentials": list(Credential.objects.values_list("credential_id", flat=True)[:20]),
    "holder_credentials": list(
        Credential.objects.filter(holder_email__iexact={email!r}).values_list("credential_id", flat=True)
    ),
    "status_lists": list(StatusList.objects.values_list("pk", flat=True)),
    "documents": list(get_document_model().objects.values_list("pk", flat=True)[:5]),
    "unsubscribe_token": subscription.unsubscribe_token,
    "holder_uid": urlsafe_base64_encode(force_bytes(holder.pk)),
    "holder_reset_token": default_token_generator.make_token(holder),
}}))
"""


@dataclass
class Probe:
    """One request: ``target`` is sent exactly as given (already percent-encoded)."""

    method: str
    target: str
    headers: list = field(default_factory=list)
    body: bytes = b""
    visitor: str = "anonymous"  # "anonymous" (no cookies), "visitor" (cookies, a CSRF token) or "holder"

    def __repr__(self):
        body = self.body if len(self.body) < 400 else self.body[:400] + b"..."
        target = self.target if len(self.target) < 400 else self.target[:400] + "..."
        return f"Probe({self.method} {target!r} as {self.visitor}, headers={self.headers!r}, body={body!r})"


@dataclass
class Fuzz:
    """What the targets need: the site's data, and the CSRF tokens of the cookie-keeping visitors."""

    site: object
    data: dict
    visitors: dict
    counts: Counter = field(default_factory=Counter)

    def token(self, visitor):
        return self.visitors[visitor].csrf_token

    def send(self, probe):
        if probe.visitor == "anonymous":
            return send(self.site.port, probe.method, probe.target, probe.headers, probe.body)
        return self.visitors[probe.visitor].request(probe.method, probe.target, probe.headers, probe.body)


def with_query(path, pairs):
    return f"{path}?{query_string(pairs)}" if pairs else path


ACCEPT = st.sampled_from(
    [
        "text/html",
        "application/json",
        "application/problem+json",
        "*/*",
        "application/json;q=0.5, text/html;q=0.4",
        "application/json; q=NaN",
        "application/json;q=-1",
        "application/json;q=99999999999999999999",
        ";;;,,,",
        "",
        "application/json," + "*/*;q=0.1," * 300 + "text/html",
        "text/html; charset=\u00e9",
    ]
)
OTHER_METHODS = st.sampled_from(["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "FUZZ"])


@st.composite
def form_pairs(draw, valid):
    """Form fields: each of ``valid``'s kept, replaced by hostile input, dropped or repeated,
    unknown fields added, in any order."""
    pairs = []
    for name, good in valid.items():
        how = draw(st.sampled_from(["good", "good", "hostile", "hostile", "missing", "repeated"]))
        if how == "good":
            pairs.append((name, good))
        elif how == "hostile":
            pairs.append((name, draw(field_value)))
        elif how == "repeated":
            pairs += [(name, draw(field_value)), (name, good)]
    pairs += draw(st.lists(st.tuples(st.one_of(hostile_text, snippets), field_value), max_size=2))
    return draw(st.permutations(pairs))


@st.composite
def post_form(draw, path, valid, visitor="anonymous", token=""):
    """A POST of hostile form fields, mostly urlencoded, else multipart (maybe broken) or
    sent with a wrong content type; ``token`` is added as ``csrfmiddlewaretoken``."""
    pairs = draw(form_pairs(valid))
    if token:
        pairs.append(("csrfmiddlewaretoken", token))
    encoding = draw(st.sampled_from(["urlencoded"] * 6 + ["multipart", "multipart", "wrong", "method"]))
    path = with_query(
        path, draw(st.lists(st.tuples(st.sampled_from(["next", "sent", "page"]), url_component), max_size=1))
    )
    if encoding == "multipart":
        text_pairs = [
            (name, value.decode("ascii") if isinstance(value, bytes) else value)
            for name, value in pairs
            if '"' not in name and "\r" not in name and "\n" not in name
        ]
        body = damage_multipart(multipart(text_pairs), draw(st.sampled_from(MULTIPART_DAMAGE)))
        return Probe("POST", path, [("Content-Type", "multipart/form-data; boundary=fuzzboundary")], body, visitor)
    if encoding == "wrong":
        body = draw(st.one_of(st.just(form_body(pairs)), raw_body))
        return Probe("POST", path, [("Content-Type", draw(wrong_content_type))], body, visitor)
    if encoding == "method":
        return Probe(
            draw(OTHER_METHODS),
            path,
            [("Content-Type", "application/x-www-form-urlencoded")],
            form_body(pairs),
            visitor,
        )
    return Probe("POST", path, [("Content-Type", "application/x-www-form-urlencoded")], form_body(pairs), visitor)


def mutated(values):
    """Real values (IDs, tokens, slugs), as they are, changed slightly, or with hostile input added."""
    if not values:
        return url_component
    real = st.sampled_from(values)
    return st.one_of(
        real,
        real.map(str.lower),
        real.map(lambda value: value.replace("-", "")),
        st.builds(lambda value, extra: value + extra, real, url_component),
        st.builds(lambda value, extra: extra + value, real, url_component),
        st.builds(
            lambda value, extra: value[: len(value) // 2] + extra + value[len(value) // 2 :], real, url_component
        ),
        url_component,
    )


# Targets: one per public entry point -------------------------------------------


def verify_lookup(fuzz):
    """The verify form (GET /verify/?id=...)."""
    ids = st.one_of(mutated(fuzz.data["credentials"]), url_component)
    return st.builds(
        lambda id_values, extra: Probe("GET", with_query("/verify/", [("id", value) for value in id_values] + extra)),
        st.lists(ids, max_size=3),
        extra_params,
    )


def verify_result(fuzz):
    """/verify/<id>/ as HTML or JSON (Accept or ?format=json), and other methods."""
    return st.builds(
        lambda method, credential_id, accept, extra: Probe(
            method, with_query(f"/verify/{credential_id}/", extra), [("Accept", accept)]
        ),
        st.sampled_from(["GET"] * 8 + ["HEAD", "POST"]),
        mutated(fuzz.data["credentials"]),
        ACCEPT,
        st.one_of(extra_params, st.just([("format", "json")]), st.lists(st.just(("format", "json")), max_size=3)),
    )


def verify_status_list(fuzz):
    """/verify/status/<int>/: huge, negative and non-numeric list numbers."""
    numbers = st.one_of(
        st.sampled_from([str(pk) for pk in fuzz.data["status_lists"]] or ["1"]),
        st.sampled_from([number for number in NUMBERS if number.isascii() and number.isdigit()]),
        st.integers(min_value=0).map(str),
        url_component,
    )
    return st.builds(
        lambda method, number, extra: Probe(method, with_query(f"/verify/status/{number}/", extra)),
        st.sampled_from(["GET", "GET", "HEAD", "OPTIONS", "POST"]),
        numbers,
        extra_params,
    )


def verify_file(fuzz):
    """POST /verify/file/: the holder's signed credential, changed, or anything else, as an upload."""
    credential = fuzz.data["credential_json"]
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
        lambda children: st.lists(children, max_size=3) | st.dictionaries(hostile_text, children, max_size=3),
        max_leaves=10,
    )

    def change(document, path, value):
        document = json.loads(json.dumps(document))
        node = document
        for key in path[:-1]:
            child = node.get(key) if isinstance(node, dict) else None
            if not isinstance(child, dict):
                break
            node = child
        if isinstance(node, dict):
            node[path[-1]] = value
        return document

    paths = st.sampled_from(
        [
            ("@context",),
            ("type",),
            ("id",),
            ("issuer",),
            ("validFrom",),
            ("validUntil",),
            ("credentialSubject",),
            ("credentialSubject", "id"),
            ("credentialSubject", "name"),
            ("credentialStatus",),
            ("credentialStatus", "statusListCredential"),
            ("credentialStatus", "statusListIndex"),
            ("proof",),
            ("proof", "proofValue"),
            ("proof", "verificationMethod"),
            ("proof", "created"),
            ("proof", "cryptosuite"),
        ]
    )
    changed = st.builds(lambda path, value: json.dumps(change(credential, path, value)).encode(), paths, json_values)
    upload = st.one_of(
        st.just(json.dumps(credential).encode()),
        changed,
        changed,
        raw_body,
        st.binary(max_size=300).map(lambda data: b"\x89PNG\r\n\x1a\n" + data),
        st.just(b"\xef\xbb\xbf" + json.dumps(credential).encode()),
        st.just(json.dumps(credential).encode()[:-10]),
    )
    filename = st.one_of(
        st.just("credential.json"),
        hostile_text.filter(lambda name: '"' not in name and "\r" not in name and "\n" not in name),
    )

    def probe(data, name, damage, content_type):
        body = damage_multipart(multipart([], [("file", name, data)]), damage)
        return Probe("POST", "/verify/file/", [("Content-Type", content_type)], body)

    return st.builds(
        probe,
        upload,
        filename,
        st.sampled_from(["none"] * 4 + MULTIPART_DAMAGE),
        st.sampled_from(
            ["multipart/form-data; boundary=fuzzboundary"] * 6
            + ["multipart/form-data", "application/json", "text/plain"]
        ),
    )


def holder_downloads(fuzz):
    """/verify/holder/<id>/credential.json and .png, signed in and not."""
    return st.builds(
        lambda visitor, credential_id, name, extra: Probe(
            "GET", with_query(f"/verify/holder/{credential_id}/{name}", extra), visitor=visitor
        ),
        st.sampled_from(["holder", "holder", "holder", "anonymous"]),
        st.one_of(mutated(fuzz.data["holder_credentials"]), mutated(fuzz.data["credentials"])),
        st.sampled_from(["credential.json", "credential.png"]),
        extra_params,
    )


def holder_visibility(fuzz):
    """The holder's public-verification switch (POST, CSRF token, credential_id)."""
    valid = {"credential_id": fuzz.data["holder_credentials"][0], "public_verification": "on"}
    return st.one_of(
        post_form("/verify/holder/visibility/", valid, "holder", fuzz.token("holder")),
        st.builds(
            lambda credential_id, switch: Probe(
                "POST",
                "/verify/holder/visibility/",
                [("Content-Type", "application/x-www-form-urlencoded")],
                form_body(
                    [
                        ("credential_id", credential_id),
                        ("public_verification", switch),
                        ("csrfmiddlewaretoken", fuzz.token("holder")),
                    ]
                ),
                "holder",
            ),
            mutated(fuzz.data["holder_credentials"]).map(lambda value: value.encode()),
            st.one_of(st.just("on"), field_value),
        ),
    )


def signup_form(form_type, valid):
    def target(fuzz):
        path = fuzz.data["forms"][form_type]
        return st.one_of(
            post_form(path, valid),
            st.builds(
                lambda sent, extra: Probe("GET", with_query(path, [("sent", sent), *extra])),
                url_component,
                extra_params,
            ),
        )

    target.__name__ = f"{form_type}_form"
    return target


waitlist_form = signup_form(
    "waitlist",
    {
        "name": "Ada",
        "email": "ada@example.com",
        "company": "Agency",
        "role": "Lead",
        "tier_interest": "operator",
        "website": "",
    },
)
contact_form = signup_form(
    "contact",
    {"name": "Ada", "email": "ada@example.com", "topic": "general", "message": "Hello", "website": ""},
)


def newsletter_form(fuzz):
    """The newsletter form, as its page and the footer of every page post it (hidden ``source``)."""
    path = fuzz.data["forms"]["newsletter"]
    sources = st.one_of(
        st.sampled_from(fuzz.data["pages"]).map(lambda page: fuzz.site.origin + page),
        st.sampled_from(["javascript:alert(1)", "//evil.example/", "https://evil.example/", "/\\evil", "data:,x"]),
        hostile_text,
    )
    valid = {"email": "ada@example.com", "source": fuzz.site.origin + "/", "website": ""}
    return st.one_of(
        post_form(path, valid),
        st.builds(
            lambda email, source: Probe(
                "POST",
                path,
                [("Content-Type", "application/x-www-form-urlencoded")],
                form_body([("email", email), ("source", source), ("website", "")]),
            ),
            hostile_email,
            sources,
        ),
    )


def newsletter_links(fuzz):
    """/newsletter/confirm/<token>/ and /newsletter/unsubscribe/<token>/ (GET and the one-click POST)."""
    token = fuzz.data["unsubscribe_token"]
    return st.one_of(
        st.builds(
            lambda method, value, extra: Probe(method, with_query(f"/newsletter/unsubscribe/{value}/", extra)),
            st.sampled_from(["GET", "GET", "POST", "HEAD"]),
            mutated([token]),
            extra_params,
        ),
        st.builds(
            lambda value, extra: Probe("GET", with_query(f"/newsletter/confirm/{value}/", extra)),
            st.one_of(url_component, st.builds("{}:{}:{}".format, url_component, url_component, url_component)),
            extra_params,
        ),
    )


def password_reset(fuzz):
    """The password reset request (email, CSRF) and the reset link (uidb64, token)."""
    uid, token = fuzz.data["holder_uid"], fuzz.data["holder_reset_token"]
    return st.one_of(
        post_form("/account/password-reset/", {"email": HOLDER_EMAIL}, "visitor", fuzz.token("visitor")),
        st.builds(
            lambda email: Probe(
                "POST",
                "/account/password-reset/",
                [("Content-Type", "application/x-www-form-urlencoded")],
                form_body([("email", email), ("csrfmiddlewaretoken", fuzz.token("visitor"))]),
                "visitor",
            ),
            hostile_email,
        ),
        st.builds(
            lambda method, uid_value, token_value: Probe(
                method,
                f"/account/password-reset/{uid_value}/{token_value}/",
                [("Content-Type", "application/x-www-form-urlencoded")],
                form_body(
                    [("new_password1", "x"), ("new_password2", "y"), ("csrfmiddlewaretoken", fuzz.token("visitor"))]
                )
                if method == "POST"
                else b"",
                "visitor",
            ),
            st.sampled_from(["GET", "GET", "POST"]),
            mutated([uid]),
            st.one_of(mutated([token]), st.just("set-password")),
        ),
    )


def sign_in(fuzz):
    """The site's sign-in form (email, password, next; CSRF) and its ?next= parameter."""
    valid = {"email": HOLDER_EMAIL, "password": "wrong password", "next": "/account/"}
    return st.one_of(
        post_form("/account/sign-in/", valid, "visitor", fuzz.token("visitor")),
        st.builds(
            lambda nxt, extra: Probe("GET", with_query("/account/sign-in/", [("next", nxt), *extra])),
            url_component,
            extra_params,
        ),
    )


def admin_sign_in(fuzz):
    """The Wagtail admin's sign-in form (username, password, next; CSRF)."""
    valid = {"username": "chief", "password": "wrong password", "next": "/admin/"}
    return st.one_of(
        post_form("/admin/login/", valid, "visitor", fuzz.token("visitor")),
        st.builds(
            lambda nxt, extra: Probe("GET", with_query("/admin/login/", [("next", nxt), *extra])),
            url_component,
            extra_params,
        ),
    )


def account_pages(fuzz):
    """The account page and password change, for the holder and for a visitor (who is sent to sign in)."""
    return st.one_of(
        st.builds(
            lambda visitor, path, extra: Probe("GET", with_query(path, extra), visitor=visitor),
            st.sampled_from(["holder", "anonymous"]),
            st.sampled_from(
                ["/account/", "/account/password/", "/account/password-reset/sent/", "/account/password-reset/done/"]
            ),
            extra_params,
        ),
        post_form(
            "/account/password/",
            {"old_password": "not it", "new_password1": "a long new password", "new_password2": "a long new password"},
            "holder",
            fuzz.token("holder"),
        ),
    )


def blog_listing(fuzz):
    """The blog index, ?page= (negative, huge, repeated, not a number)."""
    blog = fuzz.data["blog"]
    return st.builds(
        lambda pages, extra: Probe("GET", with_query(blog, [("page", page) for page in pages] + extra)),
        st.lists(
            st.one_of(
                hostile_number.map(lambda value: value.encode("utf-8", "surrogatepass")).map(
                    lambda data: percent_bytes(data)
                ),
                url_component,
            ),
            max_size=3,
        ),
        extra_params,
    )


def blog_category_and_tag(fuzz):
    """/blog/category/<slug>/ and /blog/tag/<slug>/, with ?page=."""
    blog = fuzz.data["blog"]
    return st.builds(
        lambda kind, slug, page, extra: Probe(
            "GET", with_query(f"{blog}{kind}/{slug}/", ([("page", page)] if page else []) + extra)
        ),
        st.sampled_from(["category", "tag"]),
        st.one_of(mutated(fuzz.data["categories"]), mutated(fuzz.data["tags"])),
        st.one_of(
            st.none(),
            url_component,
            hostile_number.map(lambda value: percent_bytes(value.encode("utf-8", "surrogatepass"))),
        ),
        extra_params,
    )


def blog_search(fuzz):
    """/blog/search/?q=...&page=..."""
    blog = fuzz.data["blog"]
    return st.builds(
        lambda queries, page, extra: Probe(
            "GET",
            with_query(
                f"{blog}search/", [("q", query) for query in queries] + ([("page", page)] if page else []) + extra
            ),
        ),
        st.lists(
            st.one_of(url_component, url_text.map(lambda text: percent_bytes(text.encode("utf-8", "surrogatepass")))),
            min_size=1,
            max_size=3,
        ),
        st.one_of(st.none(), url_component, st.sampled_from(NUMBERS[:19])),
        extra_params,
    )


def feeds(fuzz):
    """The RSS and Atom feeds, whole and by category."""
    blog = fuzz.data["blog"]
    return st.builds(
        lambda category, kind, extra: Probe(
            "GET",
            with_query(
                f"{blog}category/{category}/feed/{kind}/" if category is not None else f"{blog}feed/{kind}/", extra
            ),
        ),
        st.one_of(st.none(), mutated(fuzz.data["categories"])),
        st.one_of(st.sampled_from(["rss", "atom"]), url_component),
        extra_params,
    )


def sitemap(fuzz):
    """sitemap.xml and its sections, ?p=."""
    return st.one_of(
        st.builds(lambda extra: Probe("GET", with_query("/sitemap.xml", extra)), extra_params),
        st.builds(
            lambda section, numbers, extra: Probe(
                "GET", with_query(f"/sitemap-{section}.xml", [("p", number) for number in numbers] + extra)
            ),
            st.one_of(st.sampled_from(["pages", "articles"]), url_component),
            st.lists(st.one_of(st.sampled_from(NUMBERS[:19]), url_component), max_size=3),
            extra_params,
        ),
    )


def pages(fuzz):
    """Every live page, with hostile query parameters, hostile sub-paths and methods."""
    known = st.sampled_from(fuzz.data["pages"])
    return st.one_of(
        st.builds(lambda page, extra: Probe("GET", with_query(page, extra)), known, extra_params),
        st.builds(lambda page, method: Probe(method, page), known, OTHER_METHODS),
        st.builds(
            lambda page, part, extra: Probe("GET", with_query(f"{page}{part}/", extra)),
            known,
            url_component,
            extra_params,
        ),
        st.builds(
            lambda parts: Probe("GET", "/" + "/".join(parts) + "/"), st.lists(url_component, min_size=1, max_size=4)
        ),
    )


def files_and_misc(fuzz):
    """Documents, media, static files, robots.txt, health check, DID document, keys, problems."""
    fixed = [
        "/robots.txt",
        "/healthz/",
        "/.well-known/did.json",
        "/verify/keys.json",
        "/verify/problems/",
        "/verify/file/",
    ]
    return st.one_of(
        st.builds(
            lambda path, method, extra: Probe(method, with_query(path, extra)),
            st.sampled_from(fixed),
            st.sampled_from(["GET"] * 4) | OTHER_METHODS,
            extra_params,
        ),
        st.builds(
            lambda number, name: Probe("GET", f"/documents/{number}/{name}"),
            st.one_of(
                st.sampled_from([str(pk) for pk in fuzz.data["documents"]] or ["1"]),
                hostile_number.map(lambda value: percent_bytes(value.encode("utf-8", "surrogatepass"))),
            ),
            url_component,
        ),
        st.builds(
            lambda prefix, name: Probe("GET", f"{prefix}{name}"),
            st.sampled_from(["/media/", "/static/", "/static/css/", "/documents/"]),
            url_component,
        ),
    )


def raw_targets(fuzz):
    """Request targets as raw bytes: non-ASCII bytes unescaped, control characters, odd forms."""
    return st.builds(
        lambda data: Probe("GET", data.decode("latin-1")),
        st.one_of(
            st.binary(max_size=40).map(
                lambda data: b"/" + data.replace(b" ", b"%20").replace(b"\r", b"").replace(b"\n", b"")
            ),
            st.sampled_from(
                [
                    b"*",
                    b"http://evil.example/",
                    b"//",
                    b"/%",
                    b"/?%",
                    b"/?=&=&&",
                    b"/\xff",
                    b"/\xc0\xaf",
                    b"/.%2e/",
                    b"/%2e%2e/%2e%2e/etc/passwd",
                ]
            ),
            controls.map(lambda text: b"/" + text.replace(" ", "").replace("\r", "").replace("\n", "").encode()),
        ),
    )


TARGETS = [
    verify_lookup,
    verify_result,
    verify_status_list,
    verify_file,
    holder_downloads,
    holder_visibility,
    waitlist_form,
    newsletter_form,
    contact_form,
    newsletter_links,
    password_reset,
    sign_in,
    admin_sign_in,
    account_pages,
    blog_listing,
    blog_category_and_tag,
    blog_search,
    feeds,
    sitemap,
    pages,
    files_and_misc,
    raw_targets,
]
EXAMPLES_PER_TARGET = max(1, math.ceil(FUZZ_EXAMPLES / len(TARGETS)))


@pytest.fixture(scope="module")
def fuzz(live_site_built):
    """The site ("file" cache) with rate limits raised, a signed-in holder and a visitor with a CSRF token."""
    with running_site(live_site_built, cache="file", env=SITE_ENV) as site:
        password = secrets.token_urlsafe(18)
        data = site.python(SITE_DATA.format(email=HOLDER_EMAIL, password=password))
        visitor, holder = Visitor(site), Visitor(site)
        assert visitor.request("GET", "/account/sign-in/").status == 200
        assert holder.request("GET", "/account/sign-in/").status == 200
        fields = dict(form_fields(holder.request("GET", "/account/sign-in/").text, action_contains="sign-in"))
        fields.update(email=HOLDER_EMAIL, password=password)
        signed_in = holder.request(
            "POST",
            "/account/sign-in/",
            [("Content-Type", "application/x-www-form-urlencoded")],
            form_body(fields.items()),
        )
        assert signed_in.status == 302, f"the holder could not sign in: HTTP {signed_in.status}"
        assert data["holder_credentials"], "the demo content has no credential for the holder"
        download = holder.request("GET", f"/verify/holder/{data['holder_credentials'][0]}/credential.json")
        assert download.status == 200, f"the holder's credential.json: HTTP {download.status}"
        data["credential_json"] = json.loads(download.body)
        fuzzing = Fuzz(site, data, {"visitor": visitor, "holder": holder})
        yield fuzzing
        print(f"\nfuzz: {sum(fuzzing.counts.values())} requests, statuses {dict(sorted(fuzzing.counts.items()))}")


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # strategies holding 10,000-character values
@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.__name__)
def test_hostile_input_gets_no_server_error(fuzz, target):
    statuses = Counter()
    probes = target(fuzz)

    @settings(
        max_examples=EXAMPLES_PER_TARGET,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )
    @given(probe=probes)
    def check(probe):
        started = time.monotonic()
        response = fuzz.send(probe)
        elapsed = time.monotonic() - started
        statuses[response.status] += 1
        assert response.status < 500, f"HTTP {response.status} for {probe!r}\n{fuzz.site.log_tail(lines=60)}"
        assert elapsed < SLOW_SECONDS, f"{elapsed:.1f} s for {probe!r}"

    check()
    fuzz.counts.update(statuses)
    assert sum(statuses.values()) >= EXAMPLES_PER_TARGET
