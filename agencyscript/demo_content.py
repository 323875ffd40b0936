"""Text of the demo site's standard and form pages (written for Agency Script)."""

STANDARD_PAGES = []
FORM_PAGES = []
