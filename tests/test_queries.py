"""At most four SQL queries for any public page on a cache miss, in English and in Spanish, the
same number for a small site and for one ten times its size (no query per exercise, page or
link)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from education.models import Article, ArticlePage, Exercise, Frame, Reference, SelfTest

pytestmark = pytest.mark.django_db
MAX_QUERIES = 4


def grow(exercises: int, pages: int) -> None:
    """Add copies of the loaded exercises and pages, with their steps, frames and links."""
    squat = Exercise.objects.get(slug="squat")
    page = ArticlePage.objects.get(slug="waking-up-your-glutes")
    for number in range(exercises):
        copy = Exercise.objects.get(pk=squat.pk)
        copy.pk, copy.slug, copy.name = None, f"squat-{number}", f"Squat {number}"
        copy.slug_es, copy.name_es = f"sentadilla-{number}", f"Sentadilla {number}"
        copy.save()
        copy.primary_muscles.set(squat.primary_muscles.all())
        copy.secondary_muscles.set(squat.secondary_muscles.all())
        copy.equipment.set(squat.equipment.all())
        copy.article_pages.add(page)
        for step in squat.steps.all():
            copy.steps.create(order=step.order, text=step.text)
        for frame in squat.frames.all():
            Frame.objects.create(
                exercise=copy, order=frame.order, caption=frame.caption, alt=frame.alt,
                pose=frame.pose,
            )  # fmt: skip
    article = Article.objects.get()
    for number in range(pages):
        extra = ArticlePage.objects.create(
            article=article, order=100 + number, title=f"Part {number}", slug=f"part-{number}",
            body="More **text**.",
        )  # fmt: skip
        extra.references.set(Reference.objects.all())


def queries_per_page() -> dict[str, int]:
    test_url = "/self-test/glute-activation-check/"
    urls = [
        "/", "/about/", "/article/", "/article/glute-weakness-and-low-back-pain/",
        *(page.get_absolute_url() for page in ArticlePage.objects.filter(order__lt=100)),
        "/exercises/", "/exercises/?muscle=gluteus-maximus&equipment=none", "/exercises/squat/",
        "/exercises/glute-bridge/", "/find-a-chiropractor/", "/search/?q=squat+glute",
        "/sitemap.xml", "/self-test/", test_url, "/robots.txt",
    ]  # fmt: skip
    with translation.override("es"):  # the Spanish pages meet the same budget
        exercise_list = reverse("education:exercise-list")
        urls += [
            reverse("education:home"), reverse("education:about"),
            reverse("education:article-list"), Article.objects.get().get_absolute_url(),
            *(page.get_absolute_url() for page in ArticlePage.objects.filter(order__lt=100)),
            exercise_list, f"{exercise_list}?muscle=gluteus-maximus&equipment=none",
            *(Exercise.objects.get(slug_en=slug).get_absolute_url()
              for slug in ("squat", "glute-bridge")),
            reverse("education:referral"), reverse("education:search") + "?q=sentadilla+gluteos",
            reverse("education:selftest-index"), SelfTest.objects.get().get_absolute_url(),
        ]  # fmt: skip
    counts = {}
    for url in urls:
        # (A Spanish page leaves Spanish active in this thread, as LocaleMiddleware does.)
        with CaptureQueriesContext(connection) as queries, translation.override("en"):
            assert Client().get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_public_pages_take_at_most_four_queries_however_big_the_site():
    call_command("load_content", verbosity=0)
    small = queries_per_page()
    grow(exercises=90, pages=54)  # 11 exercises and 6 pages become 101 and 60
    assert Exercise.objects.count() == 101 and ArticlePage.objects.count() == 60
    big = queries_per_page()
    assert big == small
    assert {url: count for url, count in big.items() if count > MAX_QUERIES} == {}
