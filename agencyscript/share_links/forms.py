from django import forms

from agencyscript.share_links.services import DEFAULT_DAYS, MAX_DAYS

DURATION_CHOICES = [(1, "1 day"), (3, "3 days"), (7, "7 days")]


class ShareLinkForm(forms.Form):
    days = forms.IntegerField(
        label="Link works for",
        initial=DEFAULT_DAYS,
        min_value=1,
        max_value=MAX_DAYS,
        widget=forms.Select(choices=DURATION_CHOICES),
        help_text=f"At most {MAX_DAYS} days. You can revoke the link at any time.",
        error_messages={
            "max_value": f"A share link can last at most {MAX_DAYS} days.",
            "min_value": "A share link must last at least 1 day.",
            "invalid": "Choose how many days the link works: 1, 3 or 7.",
            "required": "Choose how many days the link works: 1, 3 or 7.",
        },
    )
