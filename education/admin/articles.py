from django.contrib import admin
from django.db import models
from reversion.admin import VersionAdmin

from education.admin.publishing import PUBLISHING_FIELDSET, REVIEW_FIELDSET, REVIEW_LIST_DISPLAY
from education.models import Article, ArticlePage, Reference


class ArticlePageInline(admin.StackedInline):
    model = ArticlePage
    extra = 0
    fields = [("order", "title", "slug"), "body", "references", "shows_glute_map"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["references"]
    show_change_link = False


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
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


@admin.register(Reference)
class ReferenceAdmin(VersionAdmin):
    list_display = ["__str__", "doi", "url"]
    search_fields = ["citation", "doi", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
