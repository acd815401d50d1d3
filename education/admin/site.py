from django.contrib import admin
from reversion.admin import VersionAdmin

from education.admin.publishing import PUBLISHING_FIELDSET, REVIEW_FIELDSET, REVIEW_LIST_DISPLAY
from education.models import AboutPage


@admin.register(AboutPage)
class AboutPageAdmin(VersionAdmin):
    list_display = ["title", *REVIEW_LIST_DISPLAY]
    fieldsets = [
        (None, {"fields": ["title", "summary", "contact_email", "body"]}),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
    ]

    def has_add_permission(self, request):
        # The site has one About page: edit it rather than adding a second.
        return super().has_add_permission(request) and not AboutPage.objects.exists()
