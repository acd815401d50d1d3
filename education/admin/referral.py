from django.contrib import admin

from education.admin.content import REVIEW_FIELDSET, REVIEW_LIST_DISPLAY, SingleInstanceAdmin
from education.admin.markdown import MarkdownFields
from education.admin.publishing import PUBLISHING_FIELDSET, PublishingAdmin
from education.models import Question, ReferralPage


class QuestionInline(MarkdownFields, admin.StackedInline):
    model = Question
    extra = 0
    fields = [("order", "question"), "answer"]
    verbose_name_plural = "Questions people ask (shown in order)"


@admin.register(ReferralPage)
class ReferralPageAdmin(SingleInstanceAdmin, PublishingAdmin):
    list_display = ["title", *REVIEW_LIST_DISPLAY]
    fieldsets = [
        (None, {"fields": ["title", "summary", "when_to_go", "what_to_expect"]}),
        ("The pledge", {"fields": ["pledge_intro", "pledge", "pledge_source", "how_to_find"]}),
        (None, {"fields": ["disclosure"]}),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
    ]
    inlines = [QuestionInline]
