"""English and Spanish in the same change form: beside each translated field (whose form field
writes the English: the admin works in English) stands its Spanish column, `<field>_es` (added by
django-modeltranslation); the Spanish translation's record and status; previews of both
languages' pages."""

from dataclasses import replace

from django.conf import settings
from django.contrib import admin, messages
from django.utils import translation

from education.admin.preview import PreviewPage
from education.models import Article

TRANSLATION_FIELDSET = (
    "Spanish translation",
    {
        "description": "The Spanish is up to date once saved after the English. If the English "
        "changed and the Spanish still says the same, use the list's action “Mark the Spanish "
        "as up to date”. Name a reviewer only after a real review by a clinician who is a "
        "native Spanish speaker: until then, Spanish readers are told the review is pending.",
        "fields": ["spanish_state", ("spanish_translator", "spanish_reviewer")],
    },
)


class SpanishState:
    """Admin mixin: the Spanish translation's status, shown read-only."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "spanish_state"]

    @admin.display(description="Spanish")
    def spanish_state(self, obj) -> str:
        return obj.spanish_status.label if obj and obj.pk else "Not translated"


class TranslatedAdmin(SpanishState):
    """Admin mixin for a whole that has a Spanish translation (an article, an exercise...):
    its status in the list, and an action for a Spanish checked and found still right."""

    def get_list_display(self, request):
        return [*super().get_list_display(request), "spanish_state"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            action = self.get_action("mark_spanish_current")
            actions[action[1]] = action
        return actions

    @admin.action(description="Mark the Spanish as up to date (it says what the English says)")
    def mark_spanish_current(self, request, queryset):
        for item in queryset:
            # An article is checked with its pages.
            for unit in [item, *(item.pages.all() if isinstance(item, Article) else [])]:
                unit.mark_spanish_current()
        messages.success(request, f"Spanish marked as up to date: {len(queryset)}.")


def in_every_language(preview_pages, obj) -> list[PreviewPage]:
    """The pages to preview, in English and then at their Spanish addresses."""
    pages = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            in_language = preview_pages(obj)
        if code != settings.LANGUAGE_CODE:
            in_language = [replace(page, label=f"{page.label} ({name})") for page in in_language]
        pages += in_language
    return pages
