from django.contrib import admin
from reversion.admin import VersionAdmin

from education.admin.publishing import PUBLISHING_FIELDSET, REVIEW_FIELDSET, REVIEW_LIST_DISPLAY
from education.models import Question, ReferralPage


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = [("order", "question"), "answer"]
    verbose_name_plural = "Questions people ask (shown in order)"


@admin.register(ReferralPage)
class ReferralPageAdmin(VersionAdmin):
    list_display = ["title", *REVIEW_LIST_DISPLAY]
    fieldsets = [
        (None, {"fields": ["title", "summary", "when_to_go", "what_to_expect"]}),
        ("The pledge", {"fields": ["pledge_intro", "pledge", "pledge_source", "how_to_find"]}),
        (None, {"fields": ["disclosure"]}),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
    ]
    inlines = [QuestionInline]

    def has_add_permission(self, request):
        # The site has one referral page: edit it rather than adding a second.
        return super().has_add_permission(request) and not ReferralPage.objects.exists()
