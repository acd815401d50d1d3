import pytest

from education.models import Article, ArticlePage, Reference


@pytest.fixture
def make_article(db):
    """Build a small article: `pages` pages, each citing one reference."""

    def make(*, pages=3, slug="guide", status=Article.Status.PUBLISHED):
        article = Article.objects.create(
            title=f"Guide {slug}", slug=slug, summary="A short guide.", status=status
        )
        reference = Reference.objects.create(citation=f"Doe J. A study for {slug}.", doi="10.1/x")
        for number in range(1, pages + 1):
            page = ArticlePage.objects.create(
                article=article,
                order=number,
                title=f"Part {number} title",
                slug=f"part-{number}",
                body=f"## Section {number}\n\nText of part {number}.",
            )
            page.references.add(reference)
        return article

    return make


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"
