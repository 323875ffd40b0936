"""Links to one revision's preview for someone without an account (only the token's hash is kept)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ShareLink(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="share_links")
    # Deleting the revision keeps the row (the page's list still shows the link) but the link stops working.
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.SET_NULL, null=True, related_name="+")
    token_hash = models.CharField("SHA-256 of the token", max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Share link to {self.page} (expires {self.expires_at:%Y-%m-%d %H:%M})"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_active(self):
        return not self.is_revoked and not self.is_expired and self.revision_id is not None

    @property
    def shared_by(self):
        """The name the recipient sees."""
        if self.created_by is None:
            return "an editor"
        return self.created_by.get_full_name() or self.created_by.get_username()
