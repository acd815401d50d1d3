from django.contrib import admin
from reversion.admin import VersionAdmin

from education.admin.publishing import (
    PUBLISHING_FIELDSET,
    REVIEW_FIELDSET,
    REVIEW_LIST_DISPLAY,
    SingleInstanceAdmin,
)
from education.models import AboutPage


@admin.register(AboutPage)
class AboutPageAdmin(SingleInstanceAdmin, VersionAdmin):
    list_display = ["title", *REVIEW_LIST_DISPLAY]
    fieldsets = [
        (None, {"fields": ["title", "summary", "contact_email", "body"]}),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
    ]
