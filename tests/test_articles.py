import datetime
import re

import pytest
from django.urls import reverse

from education.models import Article, ArticlePage, Reference


def page_url(article, number):
    return reverse("education:article-page", args=[article.slug, f"part-{number}"])


# Models


def test_body_is_rendered_to_html_on_save(make_article):
    page = make_article(pages=1).pages.get()
    assert page.body_html == '<h2 id="section-1">Section 1</h2>\n<p>Text of part 1.</p>'
    page.body = "New **text**"
    page.save()
    assert page.body_html == "<p>New <strong>text</strong></p>"


def test_reading_time_counts_words(make_article):
    page = make_article(pages=1).pages.get()
    page.body = "word " * 401
    page.save()
    assert page.reading_minutes == 3


def test_published_queryset_hides_drafts(make_article):
    published = make_article(slug="live")
    make_article(slug="draft", status=Article.Status.DRAFT)
    assert list(Article.objects.published()) == [published]


def test_publishing_records_the_date_once(make_article):
    article = make_article(status=Article.Status.DRAFT)
    assert article.published_on is None
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_on is not None
    article.published_on = datetime.date(2025, 1, 1)
    article.save()
    assert article.published_on == datetime.date(2025, 1, 1)


def test_reference_links_to_doi_before_url():
    assert Reference(doi="10.1/x", url="https://a.example").link == "https://doi.org/10.1/x"
    assert Reference(url="https://a.example").link == "https://a.example"


@pytest.mark.django_db
def test_page_slugs_are_unique_within_an_article(make_article):
    from django.db import IntegrityError

    article = make_article(pages=1)
    with pytest.raises(IntegrityError):
        ArticlePage.objects.create(article=article, title="Copy", slug="part-1", body="x")


# Views


def test_overview_lists_every_part_in_order(client, make_article):
    article = make_article(pages=3)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f"Part {n} title") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    assert f'href="{page_url(article, 1)}">Start reading' in html.replace("\n", "")


def test_page_shows_part_n_of_m_and_marks_itself_in_contents(client, make_article):
    article = make_article(pages=3)
    html = client.get(page_url(article, 2)).content.decode()
    assert "Part 2 of 3" in html
    assert f'<a href="{page_url(article, 2)}" aria-current="page">Part 2 title</a>' in html
    assert "Text of part 2." in html


def test_page_links_previous_and_next(client, make_article):
    article = make_article(pages=3)
    first, middle, last = (client.get(page_url(article, n)).content.decode() for n in (1, 2, 3))
    assert 'rel="prev"' not in first and f'href="{page_url(article, 2)}" rel="next"' in first
    assert f'href="{page_url(article, 1)}" rel="prev"' in middle
    assert f'href="{page_url(article, 3)}" rel="next"' in middle
    assert 'rel="next"' not in last


def test_page_lists_its_references_and_review_record(client, make_article):
    article = make_article(pages=1)
    article.last_reviewed = datetime.date(2026, 11, 25)
    article.next_review = datetime.date(2027, 11, 25)
    article.save()
    html = client.get(page_url(article, 1)).content.decode()
    assert "Doe J. A study for guide." in html
    assert 'href="https://doi.org/10.1/x"' in html
    assert "GluteSite editorial team" in html
    assert "Pending: no clinician has reviewed this page yet" in html
    assert "25 November 2026" in html and "25 November 2027" in html
    assert "Information, not a diagnosis." in html


def test_named_reviewer_replaces_pending_notice(client, make_article):
    article = make_article(pages=1)
    article.reviewer, article.reviewer_credentials = "Dr A. Example", "DC"
    article.save()
    html = client.get(page_url(article, 1)).content.decode()
    assert "Dr A. Example, DC" in html
    assert "Pending" not in html


def test_overdue_review_is_flagged(client, make_article):
    article = make_article(pages=1)
    article.next_review = datetime.date(2020, 1, 1)
    article.save()
    assert "Review overdue" in client.get(page_url(article, 1)).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/article/no-such-guide/",
        "/article/guide/no-such-page/",
        "/article/draft/",
        "/article/draft/part-1/",
        "/article/guide/part-1/extra/",
    ],
)
def test_unknown_slugs_and_drafts_are_404_in_the_site_layout(client, make_article, url):
    make_article(slug="guide")
    make_article(slug="draft", status=Article.Status.DRAFT)
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'href="#main">Skip to main content' in response.content.decode()


def test_a_page_of_another_article_is_404(client, make_article):
    make_article(slug="one")
    make_article(slug="two", pages=1)
    assert client.get("/article/two/part-3/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_wrong_method_gets_a_clear_405_page(client, make_article, method):
    article = make_article()
    response = getattr(client, method)(page_url(article, 1))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "This page cannot be used that way" in response.content.decode()


# Query counts: the same for a short article and a long one (no N+1).

PAGE_QUERIES = 5  # article, its contents, the page, its references, its exercises


@pytest.mark.parametrize("pages", [3, 30])
def test_article_page_query_count_is_constant(
    client, make_article, django_assert_num_queries, pages
):
    article = make_article(pages=pages)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(page_url(article, 2))
    assert response.status_code == 200
    assert len(re.findall(r'<li><a href="/article/guide/part-', response.content.decode())) == pages


@pytest.mark.parametrize("pages", [3, 30])
def test_overview_and_home_query_counts_are_constant(
    client, make_article, django_assert_num_queries, pages
):
    article = make_article(pages=pages)
    for url, queries in [
        (article.get_absolute_url(), 2),  # the article, its contents
        (reverse("education:article-list"), 2),
        (reverse("education:home"), 3),  # and the self-test
    ]:
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
