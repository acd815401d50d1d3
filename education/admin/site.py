from django.contrib import admin

from education.admin.content import REVIEW_FIELDSET, REVIEW_LIST_DISPLAY, SingleInstanceAdmin
from education.admin.languages import TRANSLATION_FIELDSET, TranslatedAdmin
from education.admin.publishing import PUBLISHING_FIELDSET, PublishingAdmin
from education.models import AboutPage, OldAddress


@admin.register(AboutPage)
class AboutPageAdmin(SingleInstanceAdmin, TranslatedAdmin, PublishingAdmin):
    list_display = ["title", *REVIEW_LIST_DISPLAY]
    fieldsets = [
        (None, {"fields": [("title", "title_es"), ("summary", "summary_es"), "body", "body_es"]}),
        ("Contact", {"fields": ["contact_email", "contact_is_sample"]}),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
        TRANSLATION_FIELDSET,
    ]


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    """Made when a published slug changes; editors can see them, and delete one no longer wanted."""

    list_display = ["path", "content_object", "created_at"]
    search_fields = ["path"]
    readonly_fields = ["path", "content_type", "object_id", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
