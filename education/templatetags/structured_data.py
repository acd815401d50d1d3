import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# As django.utils.html.json_script does: nothing in the data can close the <script> element.
ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict) -> str:
    """A schema.org block. A data block is not run, so the strict CSP allows it."""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
