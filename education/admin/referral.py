from django.contrib import admin

from education.admin.content import REVIEW_FIELDSET, REVIEW_LIST_DISPLAY, SingleInstanceAdmin
from education.admin.languages import TRANSLATION_FIELDSET, TranslatedAdmin
from education.admin.markdown import MarkdownFields
from education.admin.publishing import PUBLISHING_FIELDSET, PublishingAdmin
from education.models import Question, ReferralPage


class QuestionInline(MarkdownFields, admin.StackedInline):
    model = Question
    extra = 0
    fields = [("order", "question", "question_es"), "answer", "answer_es"]
    verbose_name_plural = "Questions people ask (shown in order)"


@admin.register(ReferralPage)
class ReferralPageAdmin(SingleInstanceAdmin, TranslatedAdmin, PublishingAdmin):
    list_display = ["title", *REVIEW_LIST_DISPLAY]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("title", "title_es"),
                    ("summary", "summary_es"),
                    "when_to_go",
                    "when_to_go_es",
                    "what_to_expect",
                    "what_to_expect_es",
                ]
            },
        ),
        (
            "The pledge (quoted in English on every page)",
            {
                "fields": [
                    "pledge_intro",
                    "pledge_intro_es",
                    "pledge",
                    "pledge_source",
                    "pledge_translation_es",
                    "how_to_find",
                    "how_to_find_es",
                ]
            },
        ),
        (None, {"fields": ["disclosure", "disclosure_es"]}),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
        TRANSLATION_FIELDSET,
    ]
    inlines = [QuestionInline]
