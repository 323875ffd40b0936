from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from agencyscript import ratelimit
from agencyscript.accounts.forms import SignInForm, SitePasswordResetForm, SiteSetPasswordForm
from agencyscript.forms import FormRenderer
from agencyscript.http import too_many_requests
from certification.selectors import credentials_for_account


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:account")
    status = 200
    if request.method == "POST":
        form = SignInForm(request, data=request.POST)
        if form.is_valid():
            auth_login(request, form.get_user())
            return redirect(next_url or "accounts:account")
        status = 429 if form.locked else 400
    else:
        form = SignInForm(request)
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url}, status=status)


@login_required
@never_cache
def account(request):
    return render(request, "accounts/account.html", {"credentials": credentials_for_account(request.user)})


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/signed_out.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = SitePasswordResetForm

    template_name = "accounts/password_reset.html"
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        decision = ratelimit.hit("password_reset", request)
        if not decision.allowed:
            return too_many_requests(request, decision)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        address = form.cleaned_data["email"].strip().casefold()
        if not ratelimit.hit("password_reset_email", self.request, key=f"email:{address}").allowed:
            # Enough emails for this address this hour: the answer stays the same, so it reveals nothing.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SiteSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.renderer = FormRenderer()
        return form
