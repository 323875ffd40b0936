"""The public verify pages (HTML and JSON) and the holder's public-verification switch."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from agencyscript import ratelimit
from agencyscript.client_ip import client_address
from agencyscript.forms import SiteForm
from agencyscript.http import problem_response, site_url, too_many_requests
from certification import ids, selectors, services, signing
from certification.models import STATUS_EXPLANATIONS, Status, VerificationEvent

EXAMPLE_ID = "ASF-7K3M-Q9XD-2PWT-R"
PROBLEM_BASE = "/verify/problems/"


class VerifyForm(SiteForm):
    id = forms.CharField(
        label="Credential ID",
        max_length=64,
        help_text=(
            "As printed on the certificate or CV, for example ASO-7K3M-Q9XD-2PWT-R. Dashes and case do not matter."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "class": "id-input"}
        ),
        error_messages={"required": "Enter the credential ID."},
    )


def wants_json(request):
    if request.GET.get("format") == "json":  # a plain link can ask for the signed JSON too
        return True
    return request.get_preferred_type(["text/html", "application/json", "application/problem+json"]) in {
        "application/json",
        "application/problem+json",
    }


def no_store(response, *, vary=True):
    response["Cache-Control"] = "no-store"
    if vary:
        patch_vary_headers(response, ["Accept"])
    return response


def problem(request, status, slug, title, detail, *, headers=None, **extra):
    """An RFC 9457 ``application/problem+json`` response."""
    return no_store(problem_response(status, f"{PROBLEM_BASE}#{slug}", title, detail, headers=headers, **extra))


def client_hash(request):
    """A keyed hash of the client address: lookups from one client can be linked, the address cannot be read."""
    return salted_hmac("certification.verification-client", client_address(request), algorithm="sha256").hexdigest()


def log_verification(request, credential_id, outcome, response_format):
    VerificationEvent.objects.create(
        credential_id=credential_id,
        outcome=outcome,
        client_hash=client_hash(request),
        response_format=response_format,
    )


@never_cache
def verify_form(request):
    """``/verify/``: the form. ``?id=...`` sends the visitor to the canonical result URL."""
    if "id" not in request.GET:
        return no_store(render(request, "certification/verify_form.html", {"form": VerifyForm()}), vary=False)
    form = VerifyForm(request.GET)
    if not form.is_valid():
        return no_store(render(request, "certification/verify_form.html", {"form": form}, status=400), vary=False)
    try:
        canonical = ids.normalise_credential_id(form.cleaned_data["id"])
    except ids.MistypedCredentialId as error:
        return mistyped_page(request, form.cleaned_data["id"], error)
    return redirect("certification:result", credential_id=canonical)


def mistyped_page(request, typed, error):
    form = VerifyForm(initial={"id": typed})
    context = {"form": form, "typed": typed, "reason": error.reason, "example_id": EXAMPLE_ID}
    return no_store(render(request, "certification/mistyped.html", context, status=400))


def not_found_page(request):
    return no_store(render(request, "certification/not_found.html", {"form": VerifyForm()}, status=404))


def verify_result(request, credential_id):
    """``/verify/<ID>/``: the shareable result, as HTML or (``Accept: application/json``) JSON."""
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    as_json = wants_json(request)
    decision = ratelimit.hit("verify", request)
    if not decision.allowed:
        if as_json:
            retry = str(max(decision.retry_after, 1))
            return problem(
                request,
                429,
                "rate-limited",
                "Too many lookups",
                f"Too many verification requests from your network. Try again in {retry} seconds.",
                headers={"Retry-After": retry},
            )
        response = too_many_requests(request, decision)
        patch_vary_headers(response, ["Accept"])
        return response

    try:
        canonical = ids.normalise_credential_id(credential_id)
    except ids.MistypedCredentialId as error:
        # Decided from the ID alone: no database lookup, nothing logged.
        if as_json:
            return problem(
                request,
                400,
                "mistyped-id",
                "Credential ID looks mistyped",
                f"{error.reason} Check the ID against the certificate; it looks like {EXAMPLE_ID}.",
            )
        return mistyped_page(request, credential_id, error)
    if canonical != credential_id:
        response = redirect("certification:result", credential_id=canonical, permanent=True)
        return no_store(response)

    credential = selectors.credential_for_verification(canonical)
    response_format = "json" if as_json else "html"
    if credential is None or not credential.public_verification:
        outcome = VerificationEvent.Outcome.NOT_FOUND if credential is None else VerificationEvent.Outcome.HIDDEN
        log_verification(request, canonical, outcome, response_format)
        # The same answer whatever the reason: nothing tells "unknown" from "holder opted out".
        if as_json:
            return problem(
                request,
                404,
                "not-found",
                "No public credential with this ID",
                "No credential with this ID can be verified. Check the ID with its holder.",
            )
        return not_found_page(request)

    checked_at = timezone.now()
    status = credential.status_on(checked_at.date())
    log_verification(request, canonical, status, response_format)
    url = site_url(request.path)
    tier = credential.tier
    tier_url = tier.get_url(request) if tier.live else None
    successor = credential.superseded_by
    successor_public = successor is not None and successor.public_verification
    successor_url = (
        site_url(reverse("certification:result", args=[successor.credential_id])) if successor_public else None
    )
    if as_json:
        data = {
            "id": credential.credential_id,
            "url": url,
            "status": str(status),
            "status_label": Status(status).label,
            "holder_name": credential.holder_name,
            "tier": {
                "name": tier.title,
                "code": tier.code,
                "level": tier.level,
                "url": site_url(tier_url) if tier_url else None,
            },
            "issued_on": credential.issued_on.isoformat(),
            "expires_on": credential.expires_on.isoformat(),
            "checked_at": checked_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        if status == Status.SUPERSEDED:
            data["superseded_by"] = {"id": successor.credential_id, "url": successor_url} if successor_public else None
        data["issuer"] = {
            "name": "Agency Script, Inc.",
            "keys": site_url(reverse("certification:keys")),
        }
        data["signature"] = signing.sign(data)
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        return no_store(response)
    context = {
        "credential": credential,
        "status": status,
        "status_label": Status(status).label,
        "status_explanation": STATUS_EXPLANATIONS[status],
        "checked_at": checked_at,
        "canonical_url": url,
        "tier": tier,
        "tier_url": tier_url,
        "successor": successor if successor_public else None,
        "successor_url": successor_url,
        "site_url": settings.SITE_URL,
    }
    return no_store(render(request, "certification/result.html", context))


@login_required
@csrf_protect
@never_cache
def holder_visibility(request):
    """POST from the account page: turn public verification of one of my credentials on or off."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    credential = selectors.credential_for_holder(request.user, request.POST.get("credential_id", ""))
    if credential is None:
        return no_store(render(request, "certification/not_found.html", {"form": VerifyForm()}, status=404))
    enabled = request.POST.get("public_verification") == "on"
    services.set_public_verification(credential, enabled, actor=request.user)
    if enabled:
        messages.success(request, f"Anyone with the ID can now verify {credential.credential_id}.")
    else:
        messages.success(
            request, f"Public verification of {credential.credential_id} is off: the verify page now says not found."
        )
    return redirect(f"{reverse('accounts:account')}#credential-{credential.credential_id}")


def problems(request):
    """Human-readable descriptions of the problem types the JSON answers use."""
    return render(request, "certification/problems.html")


def signing_keys(request):
    """The public keys that verification results are signed with (a JWK set)."""
    response = JsonResponse(signing.public_jwks())
    response["Cache-Control"] = "public, max-age=3600"
    return response
