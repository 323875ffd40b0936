"""Views behind the waitlist, newsletter and contact forms."""

from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from agencyscript import ratelimit
from agencyscript.http import forbidden_origin, is_same_origin, same_site_url, site_url, too_many_requests
from agencyscript.signups import services


def handle_submission(page, form, request):
    data = form.cleaned_data
    source = site_url(page.url)
    if page.form_type == page.WAITLIST:
        services.join_waitlist(
            name=data["name"],
            email=data["email"],
            company=data["company"],
            role=data["role"],
            tier_interest=data["tier_interest"],
            source_page=source,
        )
    elif page.form_type == page.NEWSLETTER:
        page_url = same_site_url(request.POST.get("source"), default=source)
        services.subscribe_newsletter(email=data["email"], page_url=page_url)
    else:
        services.send_contact_message(
            name=data["name"], email=data["email"], topic=data["topic"], message=data["message"], source_page=source
        )


def serve_form_page(page, request, *args, **kwargs):
    """GET shows the form (cacheable: no per-visitor data); POST handles it."""
    form_class = page.form_class()
    if request.GET.get("sent") == "1" and request.method in {"GET", "HEAD"}:
        return TemplateResponse(request, page.get_template(request), {**page.get_context(request), "sent": True})
    if request.method in {"GET", "HEAD"}:
        return TemplateResponse(
            request, page.get_template(request), {**page.get_context(request), "form": form_class()}
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if not is_same_origin(request):
        return forbidden_origin(request)
    decision = ratelimit.hit("signup", request)
    if not decision.allowed:
        return too_many_requests(request, decision)
    form = form_class(request.POST)
    if form.is_spam():
        # Answer as if it worked, so the bot learns nothing; store nothing.
        return HttpResponseRedirect(f"{page.url}?sent=1", status=303)
    if not form.is_valid():
        context = {**page.get_context(request), "form": form}
        return TemplateResponse(request, page.get_template(request), context, status=400)
    handle_submission(page, form, request)
    response = HttpResponseRedirect(f"{page.url}?sent=1")
    response.status_code = 303
    return response


@never_cache
def confirm_newsletter(request, token):
    try:
        services.confirm_subscription(token, page_url=site_url(request.path))
    except services.InvalidLink as error:
        return render(request, "signups/confirm_failed.html", {"reason": error.reason}, status=400)
    return render(request, "signups/confirmed.html")


@csrf_exempt  # The token in the URL authorises it; mail clients POST here (RFC 8058).
@never_cache
def unsubscribe_newsletter(request, token):
    subscription = services.subscription_for_unsubscribe_token(token)
    if subscription is None:
        return render(request, "signups/unsubscribe_unknown.html", status=404)
    if request.method == "POST":
        services.unsubscribe(subscription, page_url=site_url(request.path))
        return render(request, "signups/unsubscribed.html", {"subscription": subscription})
    return render(request, "signups/unsubscribe_confirm.html", {"subscription": subscription})
