from django.contrib import admin
from django.db import models

from education.admin.markdown import MarkdownFields
from education.admin.preview import PreviewPage
from education.admin.publishing import (
    PUBLISHING_FIELDSET,
    REVIEW_FIELDSET,
    REVIEW_LIST_DISPLAY,
    ContentAdmin,
)
from education.models import Article, ArticlePage, Reference


class ArticlePageInline(MarkdownFields, admin.StackedInline):
    model = ArticlePage
    extra = 0
    fields = [("order", "title", "slug"), "body", "references", "shows_glute_map"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["references"]
    show_change_link = False


@admin.register(Article)
class ArticleAdmin(ContentAdmin):
    list_display = ["title", *REVIEW_LIST_DISPLAY]
    list_filter = ["status"]
    search_fields = ["title", "summary", "pages__title", "pages__body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary"]}),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
    ]
    inlines = [ArticlePageInline]

    def preview_pages(self, obj):
        overview = PreviewPage("Overview", obj.get_absolute_url())
        pages = [PreviewPage(page.title, page.get_absolute_url()) for page in obj.pages.all()]
        return [overview, *pages]


@admin.register(Reference)
class ReferenceAdmin(ContentAdmin):
    list_display = ["__str__", "doi", "url"]
    search_fields = ["citation", "doi", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
