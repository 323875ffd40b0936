"""Verifiable credentials on the web: the DID document, status lists, holder downloads, verify-a-file.

The DID document and status lists are public (CORS open, cacheable for a few
minutes). Downloads are the holder's own: ``Cache-Control: private, no-store``.
"""

import contextlib
import json
import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from agencyscript import ratelimit
from agencyscript.http import forbidden_origin, is_same_origin, too_many_requests
from certification import selectors
from certification.models import Credential
from certification.vc import badge_image, baking, did, documents, keys, verify_file

VC_MEDIA_TYPE = "application/vc+ld+json"
PUBLIC_CACHE = "public, max-age=300"


def _public_json(body, content_type):
    response = HttpResponse(body, content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = PUBLIC_CACHE
    response.page_cache = False  # a CDN may keep it for max-age; the page cache is for HTML pages
    return response


def did_document_data():
    public_keys = selectors.issuer_public_keys()
    with contextlib.suppress(keys.SigningKeyMissing):
        public_keys.append(keys.signing_key_multibase())  # listed before its first use
    return did.did_document(public_keys)


def did_document(request):
    """``/.well-known/did.json``: the issuer's did:web document (derived from SITE_URL, not the Host header)."""
    if request.method not in {"GET", "HEAD", "OPTIONS"}:
        return HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS"])
    return _public_json(json.dumps(did_document_data(), indent=2), "application/did+json")


def status_list(request, pk):
    """``/verify/status/<n>/``: a signed BitstringStatusListCredential."""
    if request.method not in {"GET", "HEAD", "OPTIONS"}:
        return HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS"])
    try:
        body = documents.signed_status_list(pk)
    except keys.SigningKeyMissing:
        response = HttpResponse("The status list cannot be signed right now.", status=503, content_type="text/plain")
        response["Retry-After"] = "300"
        return response
    if body is None:
        raise Http404("No such status list.")
    return _public_json(body, VC_MEDIA_TYPE)


_STATUS_LIST_PATH = re.compile(r"^/verify/status/(?P<pk>[0-9]{1,9})/$")


def load_status_list(url):
    """One of our signed status lists by its URL (None for any other URL: nothing is fetched)."""
    prefix = settings.SITE_URL
    if not url.startswith(prefix + "/"):
        return None
    match = _STATUS_LIST_PATH.match(url[len(prefix) :])
    if match is None:
        return None
    try:
        body = documents.signed_status_list(int(match["pk"]))
    except keys.SigningKeyMissing:
        return None
    return json.loads(body) if body else None


# Holder downloads ------------------------------------------------------------


def _private(response, filename):
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _holder_document(request, credential_id):
    credential = selectors.credential_for_holder(request.user, credential_id)
    if credential is None:
        return None, render(request, "certification/download_unavailable.html", {"missing": True}, status=404)
    credential = Credential.objects.select_related("tier").get(pk=credential.pk)
    try:
        document = documents.current_document(credential)
    except documents.DocumentUnavailable:
        context = {"credential": credential, "status_label": credential.get_status_display()}
        return None, render(request, "certification/download_unavailable.html", context, status=409)
    except keys.SigningKeyMissing:
        response = render(request, "certification/download_unavailable.html", {"no_key": True}, status=503)
        response["Retry-After"] = "3600"
        return None, response
    return document, None


@login_required
def holder_credential_json(request, credential_id):
    """The signed credential for its holder, as ``credential.json``."""
    document, error = _holder_document(request, credential_id)
    if error is not None:
        error["Cache-Control"] = "private, no-store"
        return error
    return _private(HttpResponse(document.document, content_type=VC_MEDIA_TYPE), "credential.json")


@login_required
def holder_badge_png(request, credential_id):
    """The badge with the signed credential baked in, as ``credential.png``."""
    document, error = _holder_document(request, credential_id)
    if error is not None:
        error["Cache-Control"] = "private, no-store"
        return error
    png = baking.bake(badge_image.badge_png(document.credential.tier), document.document)
    return _private(HttpResponse(png, content_type="image/png"), "credential.png")


# Verify a credential file ----------------------------------------------------


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # a public form without a token (see agencyscript.http.is_same_origin); it acts on no session
def verify_credential_file(request):
    """``/verify/file/``: upload a credential.json or baked PNG and see which checks pass."""
    if request.method not in {"GET", "HEAD", "POST"}:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if request.method != "POST":
        return _no_store(render(request, "certification/verify_file.html", {}))
    if not is_same_origin(request):
        return forbidden_origin(request)
    decision = ratelimit.hit("verify", request)
    if not decision.allowed:
        return too_many_requests(request, decision)
    max_bytes = settings.CREDENTIAL_FILE_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    try:
        if declared > max_bytes + 16 * 1024:
            raise verify_file.Unreadable(
                f"The file is larger than {max_bytes // 1024} KB; a credential file is much smaller.", 413
            )
        upload = request.FILES.get("file")
        if upload is None:
            raise verify_file.Unreadable("Choose a credential file (credential.json or the badge PNG) to check.")
        if upload.size > max_bytes:
            raise verify_file.Unreadable(
                f"The file is larger than {max_bytes // 1024} KB; a credential file is much smaller.", 413
            )
        document = verify_file.read_credential(upload.read(max_bytes + 1), max_bytes)
    except verify_file.Unreadable as error:
        context = {"error": str(error)}
        return _no_store(render(request, "certification/verify_file.html", context, status=error.status))
    result = verify_file.verify(
        document, did_document=did_document_data(), load_status_list=load_status_list, now=timezone.now()
    )
    return _no_store(render(request, "certification/verify_file_result.html", {"result": result}))
