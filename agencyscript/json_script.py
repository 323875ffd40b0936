"""JSON to place inside a ``<script>`` element (JSON-LD): no "</script>", no HTML comments, no entities."""

import json

from django.utils.safestring import mark_safe

ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_json(data):
    """``data`` as JSON, safe inside ``<script type="application/ld+json">``."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(ESCAPES))  # noqa: S308 - escaped above
