"""The article, split into short ordered pages, and the references those pages cite."""

import math

from django.conf import settings
from django.db import models
from django.urls import reverse

from education import figures
from education.models.content import ORDER_HELP, MarkdownBody, Reviewed
from education.models.languages import Localized, Translated, by_slug, reading_language
from education.models.publishing import Publishable, PublishedQuerySet

WORDS_READ_PER_MINUTE = 200
GLUTES = ("gluteus-maximus", "gluteus-medius", "gluteus-minimus")


class Reference(models.Model):
    citation = models.TextField(help_text="The full citation, e.g. in Vancouver style.")
    doi = models.CharField(
        "DOI", max_length=200, blank=True, help_text="e.g. 10.1007/s00586-015-4027-6"
    )
    url = models.URLField("URL", blank=True, help_text="Only when there is no DOI.")

    class Meta:
        # The English: a list in the same order in both languages (most have no Spanish).
        ordering = ["citation_en"]

    def __str__(self):
        return self.citation[:80]

    @property
    def link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else self.url

    @property
    def citation_language(self) -> str:
        """The language the reader gets it in: a paper is cited as published (in English); only
        a citation with words of ours, such as the source article's, is given in Spanish."""
        language = reading_language()
        return language if getattr(self, f"citation_{language}") else settings.LANGUAGE_CODE


class ArticleQuerySet(PublishedQuerySet):
    def with_contents(self):
        """Prefetch each article's pages, without their bodies, into `article.contents`."""
        pages = ArticlePage.objects.only(
            "pk", "article_id", "order", "title", "slug", "reading_minutes"
        )
        return self.prefetch_related(models.Prefetch("pages", queryset=pages, to_attr="contents"))


class Article(Publishable, Reviewed, Translated):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(
        help_text="One or two plain sentences: shown on the overview and in search results."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("education:article-detail", args=[self.slug])

    def public_addresses(self):
        """The overview and every page: all their addresses hold the article's slug."""
        pages = {page: page.get_absolute_url() for page in self.pages.all()}
        return {self: self.get_absolute_url(), **pages}


class ArticlePageQuerySet(models.QuerySet):
    def reading(self, article_slug: str, page_slug: str):
        """Every page of the published article, in order, each with the article: the contents,
        previous and next, and the page itself, in one query. Only that page brings its body."""
        return (
            self.filter(by_slug(article_slug, "article__slug"))
            .filter(article__status=Publishable.Status.PUBLISHED)
            .select_related("article")
            .defer("body", "body_html")
            .annotate(
                shown_html=models.Case(
                    models.When(by_slug(page_slug), then=Localized("body_html")),
                    default=models.Value(""),
                    output_field=models.TextField(),
                )
            )
        )


class ArticlePage(MarkdownBody, Translated):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pages")
    order = models.PositiveIntegerField(default=0, help_text=ORDER_HELP)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100)
    references = models.ManyToManyField(Reference, blank=True, related_name="pages")
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    shows_glute_map = models.BooleanField(
        "show the glute muscle map",
        default=False,
        help_text="Show the map of the hip muscles, with the three glutes marked, on this page.",
    )
    shows_warning_signs = models.BooleanField(
        "show the warning signs",
        default=False,
        help_text="Show the warning signs (the Red flags list, with what to do for each level) "
        "at the top of this page, before the text.",
    )

    objects = ArticlePageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "slug"], name="unique_page_slug_per_article")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("education:article-page", args=[self.article.slug, self.slug])

    @property
    def is_published(self) -> bool:
        """A page is published with its article."""
        return self.article.is_published

    def glute_map(self) -> str:
        return figures.render_muscle_map(primary=GLUTES, id_prefix="glute-map")

    def save(self, *args, **kwargs):
        self.reading_minutes = max(1, math.ceil(len(self.body.split()) / WORDS_READ_PER_MINUTE))
        super().save(*args, **kwargs)
