"""sitemap.xml: the published pages only, each with its last change, in three queries however
much content there is; each in English and in Spanish, with the other as its alternate."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import CharField, Value
from django.urls import reverse

from education.models import AboutPage, ArticlePage, Exercise, ReferralPage, SelfTest
from education.models.languages import reading_language

LANGUAGE_CODES = [code for code, _ in settings.LANGUAGES]
NO_SLUG = Value("", output_field=CharField())


class InEveryLanguage(Sitemap):
    """Each item at its address in every language (Django calls `location` in each), listing
    the others as alternates, with English as the default for other languages."""

    i18n = True
    alternates = True
    x_default = True


class ListPagesSitemap(InEveryLanguage):
    def items(self):
        return [
            "education:home",
            "education:article-list",
            "education:exercise-list",
            "education:reminders",
        ]

    def location(self, name):
        return reverse(name)


class ArticlesSitemap(InEveryLanguage):
    """Each published article, then its pages (found together, in one query)."""

    def items(self):
        pages = ArticlePage.objects.filter(article__status="published").select_related("article")
        items = []
        for page in pages.order_by("article_id", "order", "pk"):
            if not items or items[-1].article != page.article:
                items.append(page.article)
            items.append(page)
        return items

    def lastmod(self, item):
        return getattr(item, "article", item).updated_at


class ExercisesSitemap(InEveryLanguage):
    def items(self):
        return list(Exercise.objects.published().order_by("pk").only("slug", "updated_at"))

    def lastmod(self, exercise):
        return exercise.updated_at


class SinglePagesSitemap(InEveryLanguage):
    """The self-tests, the referral page and the About page, in one query: each as the name of
    its address, its slug in each language and its last change."""

    def items(self):
        def rows(model, name, slugged=True):
            kind = Value(name, output_field=CharField())
            slugs = [f"slug_{code}" if slugged else NO_SLUG for code in LANGUAGE_CODES]
            published = model.objects.published().rewrite(False).order_by()
            return published.values_list(kind, *slugs, "updated_at")

        found = rows(SelfTest, "education:selftest-start").union(
            rows(ReferralPage, "education:referral", slugged=False),
            rows(AboutPage, "education:about", slugged=False),
            all=True,
        )
        return [
            (name, dict(zip(LANGUAGE_CODES, slugs, strict=True)), updated_at)
            for name, *slugs, updated_at in found
        ]

    def location(self, item):
        name, slugs, _ = item
        slug = slugs[reading_language()] or slugs[settings.LANGUAGE_CODE]
        return reverse(name, args=[slug] if slug else [])

    def lastmod(self, item):
        return item[2]


SITEMAPS = {
    "lists": ListPagesSitemap(),
    "articles": ArticlesSitemap(),
    "exercises": ExercisesSitemap(),
    "pages": SinglePagesSitemap(),
}
