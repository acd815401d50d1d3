"""sitemap.xml: the published pages only, each with its last change, in three queries however
much content there is."""

from django.contrib.sitemaps import Sitemap
from django.db.models import CharField, Value
from django.urls import reverse

from education.models import AboutPage, ArticlePage, Exercise, ReferralPage, SelfTest


class ListPagesSitemap(Sitemap):
    def items(self):
        return [
            "education:home",
            "education:article-list",
            "education:exercise-list",
            "education:reminders",
        ]

    def location(self, name):
        return reverse(name)


class ArticlesSitemap(Sitemap):
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


class ExercisesSitemap(Sitemap):
    def items(self):
        return list(Exercise.objects.published().order_by("pk").only("slug", "updated_at"))

    def lastmod(self, exercise):
        return exercise.updated_at


class SinglePagesSitemap(Sitemap):
    """The self-tests, the referral page and the About page, in one query: (address, change)."""

    def items(self):
        def rows(model, name, slug="slug"):
            kind = Value(name, output_field=CharField())
            slug = Value("", output_field=CharField()) if slug is None else slug
            return model.objects.published().order_by().values_list(kind, slug, "updated_at")

        found = rows(SelfTest, "education:selftest-start").union(
            rows(ReferralPage, "education:referral", slug=None),
            rows(AboutPage, "education:about", slug=None),
            all=True,
        )
        return [
            (reverse(name, args=[slug] if slug else []), updated_at)
            for name, slug, updated_at in found
        ]

    def location(self, item):
        return item[0]

    def lastmod(self, item):
        return item[1]


SITEMAPS = {
    "lists": ListPagesSitemap(),
    "articles": ArticlesSitemap(),
    "exercises": ExercisesSitemap(),
    "pages": SinglePagesSitemap(),
}
