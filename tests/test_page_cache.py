"""Public pages served like static files (glutesite/page_cache.py): HTTP caching headers, 304,
HEAD, compression, never-shared pages, and every kind of edit showing at once."""

import gzip
import time
from unittest import mock

import brotli
import pytest
import reversion
from backports import zstd
from django.core.cache import caches
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from education import loading
from education.models import (
    AboutPage,
    ArticlePage,
    Exercise,
    ExerciseStep,
    Muscle,
    RedFlag,
    ReferralPage,
    SelfTest,
)
from glutesite.page_cache import Memory, PageCacheMiddleware
from tests.test_spanish import SPANISH_ADDRESSES

pytestmark = pytest.mark.django_db
PAGE = "/article/glute-weakness-and-low-back-pain/meet-your-glutes/"
SECURITY_HEADERS = (
    "Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "Referrer-Policy",
    "X-Content-Type-Options", "Cross-Origin-Opener-Policy",
)  # fmt: skip


@pytest.fixture
def loaded(db):
    call_command("load_content", verbosity=0)


def public_urls() -> list[str]:
    test = SelfTest.objects.get()
    return [
        "/", "/about/", "/article/", "/article/glute-weakness-and-low-back-pain/", PAGE,
        "/exercises/", "/exercises/?difficulty=1", "/exercises/squat/", "/find-a-chiropractor/",
        "/find-a-chiropractor/?place=Olympia%2C+WA", "/search/?q=glute", "/sitemap.xml",
        "/robots.txt", "/self-test/", test.get_absolute_url(),
    ]  # fmt: skip


def public_urls_in_both_languages() -> list[str]:
    return [*public_urls(), *SPANISH_ADDRESSES]


def test_public_pages_are_cacheable_by_any_cdn(loaded):
    for url in public_urls_in_both_languages():
        response = Client().get(url)
        assert response.status_code == 200, url
        control = response["Cache-Control"]
        assert "public" in control and "s-maxage=" in control, url
        assert "stale-while-revalidate=" in control and "max-age=60" in control, url
        assert response.has_header("ETag"), url
        assert "cookie" not in response.get("Vary", "").lower(), url
        assert not response.cookies, url


def test_a_stored_page_answers_a_conditional_get_with_304(loaded):
    reader = Client()
    first = reader.get(PAGE)
    again = reader.get(PAGE, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def through_wsgi(method: str, url: str) -> tuple[str, dict, bytes]:
    """What a WSGI server such as gunicorn receives from the site: its status, headers and body.
    (The test client would remove a HEAD answer's body itself.)"""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    environ = RequestFactory().generic(method, url).environ
    # As the test client does: the test's database connection stays open across requests.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        response = get_wsgi_application()(environ, start_response)
        body = b"".join(response)
        response.close()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def test_head_answers_like_get_without_a_body_on_every_page(loaded):
    test = SelfTest.objects.get()
    emergency = reverse("education:selftest-emergency", args=[test.slug])
    for url in [*public_urls_in_both_languages(), emergency]:
        for _stored_or_not in range(2):
            get = through_wsgi("GET", url)
            status, headers, body = through_wsgi("HEAD", url)
            assert status == get[0] == "200 OK", url
            assert body == b"", url  # not left for the server to drop
            assert headers["Content-Type"] == get[1]["Content-Type"], url
            assert headers.get("Content-Length") == get[1].get("Content-Length"), url


def test_trace_and_other_methods_get_405(loaded):
    for url in ("/", PAGE, "/sitemap.xml", "/exercises/"):
        for method in ("post", "put", "delete", "trace"):
            response = getattr(Client(), method)(url)
            assert response.status_code == 405, (method, url)


@pytest.mark.parametrize(
    ("accept", "coding", "decode"),
    [
        ("zstd, br, gzip", "zstd", zstd.decompress),
        ("br, gzip", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("", None, bytes),
    ],
)
def test_pages_are_compressed_as_the_reader_accepts(loaded, accept, coding, decode):
    plain = Client().get(PAGE).content
    for _ in range(2):  # the first answer is rendered, the second stored
        response = Client().get(PAGE, HTTP_ACCEPT_ENCODING=accept)
        assert response.get("Content-Encoding") == coding
        assert "accept-encoding" in response["Vary"].lower()
        assert decode(response.content) == plain


def test_a_page_rendered_a_day_later_is_the_same_page(loaded):
    """Nothing in a page depends on when it was rendered, so every worker and machine that
    renders it gives the same bytes and ETag, and readers keep getting 304s."""
    urls = public_urls_in_both_languages()
    first = [Client().get(url) for url in urls]
    caches["pages"].clear()
    a_day_later = time.time() + 24 * 60 * 60
    with mock.patch("time.time", return_value=a_day_later):
        again = [Client().get(url) for url in urls]
    for url, before, after in zip(urls, first, again, strict=True):
        assert after.content == before.content, url
        assert after["ETag"] == before["ETag"], url


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_article_page_is_at_most_6_kb_on_the_wire(loaded, language):
    with translation.override(language):
        urls = [page.get_absolute_url() for page in ArticlePage.objects.all()]
    for url in urls:
        response = Client().get(url, HTTP_ACCEPT_ENCODING="br, gzip")
        assert len(response.content) <= 6 * 1024, url


@pytest.mark.parametrize(("url", "language"), [(PAGE, "en"), (SPANISH_ADDRESSES[3], "es")])
def test_a_cached_page_has_the_security_headers_of_a_fresh_one(loaded, url, language):
    fresh = Client().get(url)
    stored = Client().get(url)
    assert stored["ETag"] == fresh["ETag"]  # the second came from the cache
    for name in SECURITY_HEADERS:
        assert stored.has_header(name) and stored[name] == fresh[name], name
    assert stored["Content-Language"] == fresh["Content-Language"] == language


def stored(url: str) -> bool:
    """Whether the shared cache holds the page, as a reader with a browser would ask for it."""
    request = RequestFactory().get(url, HTTP_ACCEPT_ENCODING="br, gzip")
    return caches["pages"].get(PageCacheMiddleware.key(request)) is not None


def test_pages_with_answers_are_never_shared(loaded):
    from tests.test_selftest_views import SAME_SITE

    test = SelfTest.objects.get()
    reader = Client()
    reader.post(reverse("education:selftest-begin", args=[test.slug]), **SAME_SITE)
    private = [
        reverse("education:selftest-step", args=[test.slug, 1]),
        reverse("education:selftest-check", args=[test.slug]),
        reverse("education:selftest-emergency", args=[test.slug]),
    ]
    for url in private:
        response = reader.get(url, follow=True, HTTP_ACCEPT_ENCODING="br, gzip")
        control = response["Cache-Control"]
        assert "private" in control and "no-store" in control, url
        assert not stored(url), url


def test_a_reader_with_a_session_gets_public_pages_privately(loaded):
    from tests.test_selftest_views import SAME_SITE

    reader = Client()
    reader.post(reverse("education:selftest-begin", args=["glute-activation-check"]), **SAME_SITE)
    response = reader.get(PAGE, HTTP_ACCEPT_ENCODING="br, gzip")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert not stored(PAGE)
    Client().get(PAGE, HTTP_ACCEPT_ENCODING="br, gzip")  # a reader without a session
    assert stored(PAGE)


def test_editors_are_never_served_a_stored_page_nor_store_one(loaded, admin_client):
    Client().get(PAGE, HTTP_ACCEPT_ENCODING="br, gzip")  # a reader's copy is stored
    # Changed behind the cache's back (no signal), so the stored copy is out of date.
    ArticlePage.objects.filter(slug="meet-your-glutes").update(title="Seen by the editor")
    response = admin_client.get(PAGE, HTTP_ACCEPT_ENCODING="br, gzip")
    assert b"Seen by the editor" in brotli.decompress(response.content)  # rendered for them
    assert "private" in response["Cache-Control"]
    caches["pages"].clear()
    admin_client.get(PAGE, HTTP_ACCEPT_ENCODING="br, gzip")
    assert not stored(PAGE)


def test_the_page_cache_is_bounded(settings):
    memory = Memory(max_entries=3)
    for key in "abcd":
        memory.put(key, key.upper())
    assert memory.get("a") is None and memory.get("d") == "D"
    assert len(memory.pages) == 3
    if not settings.REDIS_URL:  # Redis is bounded by its own maxmemory (see the README)
        assert caches["pages"]._max_entries == settings.PAGE_CACHE_ENTRIES


# Every kind of edit shows on the very next request: each edit first has the reader fetch every
# page (so the cache holds the page as it was), then changes content and says which page shows
# it and how.


def cache_every_page(reader):
    for url in public_urls():
        reader.get(url)


def rename_an_exercise(reader):
    cache_every_page(reader)
    exercise = Exercise.objects.get(slug="squat")
    exercise.name = "Chair squat"
    exercise.save()
    return "/exercises/", lambda html: "Chair squat" in html


def withdraw_an_exercise(reader):
    cache_every_page(reader)
    exercise = Exercise.objects.get(slug="clamshell")
    exercise.status = Exercise.Status.DRAFT
    exercise.save()
    return "/exercises/", lambda html: "/exercises/clamshell/" not in html


def publish_an_exercise(reader):
    exercise = Exercise.objects.get(slug="clamshell")
    exercise.status = Exercise.Status.DRAFT
    exercise.save()
    cache_every_page(reader)
    exercise.status = Exercise.Status.PUBLISHED
    exercise.save()
    return "/exercises/", lambda html: "/exercises/clamshell/" in html


def reorder_the_pages(reader):
    cache_every_page(reader)
    first, second = ArticlePage.objects.order_by("order")[:2]
    first.order, second.order = second.order, first.order
    first.save()
    second.save()
    url = first.article.get_absolute_url()
    return url, lambda html: html.index(second.title) < html.index(first.title)


def delete_a_step(reader):
    cache_every_page(reader)
    step = ExerciseStep.objects.filter(exercise__slug="squat").first()
    step.delete()
    return "/exercises/squat/", lambda html: step.text not in html


def change_a_red_flag(reader):
    cache_every_page(reader)
    flag = RedFlag.objects.get(text="chest pain")
    flag.text = "chest pain or trouble breathing"
    flag.save()
    return "/find-a-chiropractor/", lambda html: "chest pain or trouble breathing" in html


def link_a_muscle(reader):
    cache_every_page(reader)
    Exercise.objects.get(slug="squat").secondary_muscles.add(Muscle.objects.get(name="Calves"))
    return "/exercises/squat/", lambda html: "Calves" in html


def restore_an_old_version(reader):
    about = AboutPage.objects.get()
    with reversion.create_revision():
        about.save()
    about.title = "About us, changed"
    about.save()
    cache_every_page(reader)
    Version.objects.get_for_object(about).order_by("-pk").first().revision.revert()
    return "/about/", lambda html: "About us, changed" not in html


def save_in_a_shell(reader):
    cache_every_page(reader)
    page = ReferralPage.objects.get()
    page.summary = "A new summary, saved in a shell."
    page.save()
    return "/find-a-chiropractor/", lambda html: "A new summary, saved in a shell." in html


def load_the_content_again(reader):
    page = ArticlePage.objects.get(slug="meet-your-glutes")
    released = loading.load_released(loading.CONTENT_DIR)
    key = "page:glute-weakness-and-low-back-pain/meet-your-glutes"
    page.body = "The text as an earlier release had it."
    page.save()
    released[key]["body"].append(loading.fingerprint(page.body))
    cache_every_page(reader)
    loading.Loader(released=released).run()
    return PAGE, lambda html: "as an earlier release had it" not in html


EDITS = [
    rename_an_exercise, withdraw_an_exercise, publish_an_exercise, reorder_the_pages,
    delete_a_step, change_a_red_flag, link_a_muscle, restore_an_old_version, save_in_a_shell,
    load_the_content_again,
]  # fmt: skip


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_every_kind_of_edit_shows_on_the_next_request(loaded, edit):
    reader = Client()
    url, shows_the_edit = edit(reader)
    assert shows_the_edit(reader.get(url).content.decode())
