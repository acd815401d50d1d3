from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db import models

from education.admin.content import REVIEW_FIELDSET, REVIEW_LIST_DISPLAY, ContentAdmin
from education.admin.languages import TRANSLATION_FIELDSET, SpanishState, TranslatedAdmin
from education.admin.markdown import MarkdownFields
from education.admin.preview import PreviewPage
from education.admin.publishing import PUBLISHING_FIELDSET, PublishingAdmin
from education.models import Article, ArticlePage, Reference


class ReferencesAutocomplete(AutocompleteSelectMultiple):
    """The admin's autocomplete, naming the references chosen on every page of an article from
    one query rather than one query a page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.found = {}  # shared with the copy each page's form makes of this widget

    def optgroups(self, name, value, attr=None):
        if "labels" not in self.found:
            self.found["labels"] = {str(ref.pk): str(ref) for ref in self.choices.queryset}
        labels = self.found["labels"]
        chosen = [pk for pk in value if pk in labels]
        options = [self.create_option(name, pk, labels[pk], True, n) for n, pk in enumerate(chosen)]
        return [(None, options, 0)]


class ArticlePageInline(SpanishState, MarkdownFields, admin.StackedInline):
    model = ArticlePage
    extra = 0
    fields = [
        ("order", "title", "slug"),
        ("title_es", "slug_es"),
        "body",
        "body_es",
        "references",
        "shows_glute_map",
        "spanish_state",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["references"]
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("references")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "references":
            kwargs["widget"] = ReferencesAutocomplete(db_field, self.admin_site)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Article)
class ArticleAdmin(TranslatedAdmin, PublishingAdmin):
    list_display = ["title", *REVIEW_LIST_DISPLAY]
    list_filter = ["status"]
    search_fields = ["title", "summary", "pages__title", "pages__body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": [("title", "title_es"), ("slug", "slug_es"), "summary", "summary_es"]}),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
        TRANSLATION_FIELDSET,
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
    fieldsets = [
        (None, {"fields": ["citation", "doi", "url"]}),
        (
            "Spanish",
            {
                "fields": ["citation_es"],
                "description": "Only for a citation with words of ours, such as the source "
                "article's description. Leave it empty for a paper: it is cited as published.",
            },
        ),
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
