from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline

from education.admin.content import REVIEW_FIELDSET, REVIEW_LIST_DISPLAY, SingleInstanceAdmin
from education.admin.languages import TRANSLATION_FIELDSET, BothLanguagesAdmin
from education.admin.markdown import MarkdownFields
from education.admin.publishing import PUBLISHING_FIELDSET, PublishingAdmin
from education.models import Question, ReferralPage


class QuestionInline(MarkdownFields, TranslationStackedInline):
    model = Question
    extra = 0
    fields = ["order", ("question",), "answer"]
    verbose_name_plural = "Questions people ask (shown in order)"


PLEDGE_TAIL = ["pledge_translation", "how_to_find"]


@admin.register(ReferralPage)
class ReferralPageAdmin(SingleInstanceAdmin, BothLanguagesAdmin, PublishingAdmin):
    list_display = ["title", *REVIEW_LIST_DISPLAY]
    fieldsets = [
        (None, {"fields": [("title",), ("summary",), "when_to_go", "what_to_expect"]}),
        ("The pledge", {"fields": ["pledge_intro", "pledge", "pledge_source", *PLEDGE_TAIL]}),
        (None, {"fields": ["disclosure"]}),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
        TRANSLATION_FIELDSET,
    ]
    inlines = [QuestionInline]
