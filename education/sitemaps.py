"""sitemap.xml: the published pages only, each with its last change."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from education.models import (
    AboutPage,
    Article,
    ArticlePage,
    Exercise,
    ReferralPage,
    SelfTest,
)


class PublishedSitemap(Sitemap):
    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ArticlePageSitemap(Sitemap):
    def items(self):
        pages = ArticlePage.objects.filter(article__status=Article.Status.PUBLISHED)
        return pages.select_related("article").order_by("article_id", "order", "pk")

    def lastmod(self, page):
        return page.article.updated_at


class ListPagesSitemap(Sitemap):
    def items(self):
        return ["education:home", "education:article-list", "education:exercise-list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "lists": ListPagesSitemap(),
    "articles": PublishedSitemap(Article),
    "article-pages": ArticlePageSitemap(),
    "exercises": PublishedSitemap(Exercise),
    "self-tests": PublishedSitemap(SelfTest),
    "referral": PublishedSitemap(ReferralPage),
    "about": PublishedSitemap(AboutPage),
}
