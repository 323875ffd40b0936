"""Wagtail admin views for credential officers: search, view, issue, import, lifecycle, audit log.

Every write goes through :mod:`certification.services` (the same code as the
management commands) and every write asks for confirmation first.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from certification import csv_import, lifecycle, selectors, services
from certification.models import Credential, CredentialEvent, Status, TierPage, VerificationEvent
from certification.vc import documents, keys

PER_PAGE = 50


class OfficerView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    raise_exception = True
    header_icon = "tick-inverse"

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": reverse("certification_admin:index"), "label": "Credentials"}]
        if self.get_page_title() != "Credentials":
            items.append({"url": "", "label": self.get_page_title()})
        return items


class CredentialIndexView(OfficerView):
    permission_required = "certification.view_credential"
    template_name = "certification/admin/index.html"
    page_title = "Credentials"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        status = self.request.GET.get("status", "")
        queryset = selectors.search_credentials(query)
        if status in Status.values:
            queryset = queryset.with_status(timezone.now().date()).filter(public_status=status)
        page = Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("p"))
        user = self.request.user
        context.update(
            query=query,
            status=status,
            statuses=Status.choices,
            page_obj=page,
            credentials=page.object_list,
            can_issue=user.has_perm("certification.add_credential"),
            can_view_log=user.has_perm("certification.view_credentialevent"),
        )
        return context


class CredentialDetailView(OfficerView):
    permission_required = "certification.view_credential"
    template_name = "certification/admin/detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.credential = Credential.objects.select_related("tier", "superseded_by").filter(pk=kwargs["pk"]).first()
        if self.credential is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.credential.credential_id

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        credential = self.credential
        can_manage = user.has_perm("certification.manage_credential")
        context.update(
            documents=selectors.credential_documents(credential),
            can_download=credential.status in {Status.VALID, Status.EXPIRED},
            credential=credential,
            supersedes=Credential.objects.filter(superseded_by=credential).first(),
            actions=lifecycle.available_actions(credential) if can_manage else [],
            events=selectors.credential_events(credential)
            if user.has_perm("certification.view_credentialevent")
            else None,
            verifications=(
                selectors.verification_events(credential.credential_id)[:20]
                if user.has_perm("certification.view_verificationevent")
                else None
            ),
        )
        return context


class CredentialDocumentView(CredentialDetailView):
    """The current signed credential (issued now if there is none) as a download for an officer."""

    def get(self, request, *args, **kwargs):
        try:
            document = documents.current_document(self.credential)
        except (documents.DocumentUnavailable, keys.SigningKeyMissing) as error:
            messages.error(request, str(error))
            return redirect("certification_admin:detail", pk=self.credential.pk)
        response = HttpResponse(document.document, content_type="application/vc+ld+json")
        response["Content-Disposition"] = f'attachment; filename="{self.credential.credential_id}.json"'
        response["Cache-Control"] = "private, no-store"
        return response


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="Internal: recorded in the audit log, never shown publicly.",
    )


class CredentialActionView(CredentialDetailView):
    """Confirm, then suspend / revoke / reinstate / renew. Suspend and revoke need a reason."""

    permission_required = "certification.manage_credential"
    template_name = "certification/admin/action.html"

    def dispatch(self, request, *args, **kwargs):
        self.transition = lifecycle.TRANSITIONS.get(kwargs["action"])
        if self.transition is None:
            raise Http404
        self.action = self.transition.action
        self.label = self.transition.label
        self.reason_required = self.transition.reason_required
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.label} {self.credential.credential_id}"

    def make_form(self, data=None):
        form = ReasonForm(data)
        form.fields["reason"].required = self.reason_required
        if self.reason_required:
            form.fields["reason"].error_messages["required"] = f"Give the reason to {self.label.lower()}."
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=kwargs.get("form") or self.make_form(),
            action=self.action,
            action_label=self.label,
            reason_required=self.reason_required,
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            result = services.change_credential(
                self.action, self.credential.credential_id, reason=form.cleaned_data["reason"], actor=request.user
            )
        except services.CredentialError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        if self.action == "renew":
            messages.success(request, f"{self.credential.credential_id} renewed as {result.credential_id}.")
            return redirect("certification_admin:detail", pk=result.pk)
        final = ". Revocation is final" if self.action == "revoke" else ""
        messages.success(request, f"{result.credential_id} {self.transition.done}{final}.")
        return redirect("certification_admin:detail", pk=result.pk)


class IssueForm(forms.Form):
    holder_name = forms.CharField(max_length=200, help_text="Exactly as it should be printed.")
    holder_email = forms.EmailField(label="Holder email", help_text="Private; links the credential to an account.")
    tier = forms.ModelChoiceField(queryset=TierPage.objects.order_by("level"))
    issued_on = forms.DateField(initial=lambda: timezone.now().date(), help_text="YYYY-MM-DD")
    expires_on = forms.DateField(required=False, help_text="Leave empty to use the tier's validity period.")
    external_ref = forms.CharField(label="External reference", max_length=100, required=False)

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        if issued_on > timezone.now().date():
            raise forms.ValidationError("The issue date cannot be in the future.")
        return issued_on

    def clean_external_ref(self):
        ref = self.cleaned_data["external_ref"].strip()
        existing = Credential.objects.filter(external_ref=ref).first() if ref else None
        if existing:
            raise forms.ValidationError(f"Already used by {existing.credential_id}.")
        return ref

    def clean(self):
        data = super().clean()
        if data.get("issued_on") and data.get("expires_on") and data["expires_on"] <= data["issued_on"]:
            self.add_error("expires_on", "The expiry date must be after the issue date.")
        return data


class IssueView(OfficerView):
    permission_required = "certification.add_credential"
    template_name = "certification/admin/issue.html"
    page_title = "Issue a credential"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", IssueForm())
        return context

    def post(self, request, *args, **kwargs):
        form = IssueForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if request.POST.get("confirmed") != "yes":
            data = form.cleaned_data
            expires_on = data["expires_on"] or services.add_months(data["issued_on"], data["tier"].validity_months)
            for field in form.fields.values():
                field.widget = forms.HiddenInput()
            return self.render_to_response(
                self.get_context_data(form=form, confirming=True, expires_on=expires_on, data=data)
            )
        data = form.cleaned_data
        try:
            credential = services.issue_credential(
                holder_name=data["holder_name"],
                holder_email=data["holder_email"],
                tier=data["tier"],
                issued_on=data["issued_on"],
                expires_on=data["expires_on"],
                external_ref=data["external_ref"],
                actor=request.user,
            )
        except services.CredentialError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, f"Issued {credential.credential_id} to {credential.holder_name}.")
        return redirect("certification_admin:detail", pk=credential.pk)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        required=False,
        help_text=f"Columns {','.join(csv_import.CSV_COLUMNS)}. UTF-8, with or without BOM.",
    )
    skip_invalid = forms.BooleanField(label="Import the valid rows and skip invalid ones", required=False)
    csv_text = forms.CharField(widget=forms.HiddenInput, required=False)

    MAX_BYTES = 5 * 1024 * 1024

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError("The file is larger than 5 MB.")
            try:
                data["csv_text"] = csv_import.read_text(upload.read())
            except services.CredentialError as error:
                raise forms.ValidationError(str(error)) from None
        if not data.get("csv_text"):
            self.add_error("file", "Choose a CSV file.")
        return data


class ImportView(OfficerView):
    """Upload → every row checked, report shown → confirm → import (or nothing if a row is bad)."""

    permission_required = "certification.add_credential"
    template_name = "certification/admin/import.html"
    page_title = "Import credentials"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        return context

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        text = form.cleaned_data["csv_text"]
        skip_invalid = form.cleaned_data["skip_invalid"]
        if request.POST.get("confirmed") != "yes":
            preview = csv_import.validate_rows(text)
            confirm_form = ImportForm(initial={"csv_text": text, "skip_invalid": skip_invalid})
            confirm_form.fields["skip_invalid"].widget = forms.HiddenInput()
            return self.render_to_response(
                self.get_context_data(
                    form=confirm_form,
                    preview=preview,
                    skip_invalid=skip_invalid,
                    can_import=not preview.header_errors
                    and (skip_invalid or not preview.invalid_rows)
                    and any(row.ok and not row.existing for row in preview.rows),
                )
            )
        try:
            result = csv_import.import_credentials(text.encode("utf-8"), skip_invalid=skip_invalid, actor=request.user)
        except services.CredentialError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=ImportForm()))
        if not result.imported:
            messages.error(request, "Nothing was imported: " + "; ".join(result.error_lines()[:5]))
            return redirect("certification_admin:import")
        return self.render_to_response(self.get_context_data(form=ImportForm(), result=result))


class ChangeLogView(OfficerView):
    permission_required = "certification.view_credentialevent"
    template_name = "certification/admin/change_log.html"
    page_title = "Credential change log"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = CredentialEvent.objects.select_related("credential", "actor")
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(credential__credential_id__icontains=query.upper())
        context.update(query=query, page_obj=Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("p")))
        context["retention_days"] = selectors.change_log_retention_days()
        return context


class VerificationLogView(OfficerView):
    permission_required = "certification.view_verificationevent"
    template_name = "certification/admin/verification_log.html"
    page_title = "Verification log"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = VerificationEvent.objects.all()
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(credential_id__icontains=query.upper())
        context.update(query=query, page_obj=Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("p")))
        context["retention_days"] = selectors.verification_log_retention_days()
        return context
