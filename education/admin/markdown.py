"""Markdown fields in the admin: the editor types on the left, the page's rendering follows on
the right (htmx posts the text, debounced, to a staff-only view using the site's one renderer)."""

from django import forms
from django.http import HttpResponse, HttpResponseForbidden
from django.urls import reverse_lazy
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from education.markdown import render_markdown

PREVIEW_URL = reverse_lazy("admin-markdown-preview")
# Enough for any page of the article many times over; rendering more would only slow the admin.
LONGEST_PREVIEW = 100_000
SIGNED_OUT = (
    "<p class='errornote'>You have been signed out, so the preview has stopped. Your text is "
    "still here: sign in again in a new tab, then come back and save.</p>"
)


class MarkdownWidget(forms.Textarea):
    template_name = "admin/education/markdown_widget.html"

    class Media:
        js = ["django_htmx/htmx-2.min.js", "js/admin-markdown.js"]

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 14, "class": "markdown-input", **(attrs or {})})

    def get_context(self, name, value, attrs):
        live_preview = {
            "hx-post": str(PREVIEW_URL),
            "hx-trigger": "input changed delay:500ms",
            "hx-target": "next .markdown-preview-body",
            "hx-sync": "this:replace",
        }
        context = super().get_context(name, value, {**(attrs or {}), **live_preview})
        context["preview"] = mark_safe(render_markdown(value or ""))
        return context


class MarkdownFields:
    """Admin mixin: every field a model renders as markdown gets the live preview."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A language's column (body_es) is markdown when its field (body) is.
        field = getattr(db_field, "translated_field", db_field)
        if field.name in getattr(self.model, "markdown_fields", {}):
            kwargs["widget"] = MarkdownWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@require_POST
def markdown_preview(request):
    """The HTML of the text in the field that asked (htmx names it in HX-Trigger-Name)."""
    if not (request.user.is_active and request.user.is_staff):
        # A 403 the admin's htmx is told to show: "signed out", instead of a login page.
        return HttpResponseForbidden(SIGNED_OUT)
    text = request.POST.get(request.htmx.trigger_name or "", "")
    if len(text) > LONGEST_PREVIEW:
        return HttpResponse(
            f"<p class='errornote'>Too long to preview ({len(text):,} characters; "
            f"the preview stops at {LONGEST_PREVIEW:,}).</p>"
        )
    return HttpResponse(render_markdown(text) or "<p><em>Nothing to show yet.</em></p>")
