"""The XSS corpus (tests/xss.py) in every field editors write in, put there through the admin:
no page readers see, no preview and no live markdown preview carries anything that could run.
tests/browser/test_xss.py loads the same pages in a browser, with the CSP switched off."""

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from education.models import Article, Exercise, SelfTest
from education.views.selftest import TOKEN_SALT
from tests.forms import framed_page
from tests.xss import PAYLOADS, put_everywhere, runnable

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db, monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "calm-teal-hips-42")
    call_command("load_content", verbosity=0)
    call_command("create_editor", "maria", "--no-input", verbosity=0)
    client = Client()
    client.force_login(User.objects.get(username="maria"))
    return client


def reader_pages() -> list[str]:
    """Every kind of page a reader sees, each result of the self-test included."""
    article, test = Article.objects.get(), SelfTest.objects.get()
    notes = list(test.steps.values_list("choices", flat=True))
    results = [
        signing.dumps({"o": outcome.pk, "c": notes}, salt=TOKEN_SALT, compress=True)
        for outcome in test.outcomes.all()
    ]
    return [
        "/", "/about/", "/article/", article.get_absolute_url(),
        *(page.get_absolute_url() for page in article.pages.all()), "/find-a-chiropractor/",
        "/exercises/", *(exercise.get_absolute_url() for exercise in Exercise.objects.all()),
        "/self-test/", test.get_absolute_url(), f"/self-test/{test.slug}/emergency/",
        *(reverse("education:selftest-result", args=[test.slug, token]) for token in results),
        "/search/?q=alert", "/search/?q=%3Cscript%3Ealert(1)%3C/script%3E",
    ]  # fmt: skip


def previews(editor) -> list[str]:
    """Each step of the self-test, as the admin's preview shows it to a reader who got there."""
    test = SelfTest.objects.get()
    url = reverse("admin:education_selftest_preview", args=[test.pk])
    return [framed_page(editor.get(url, {"page": n})) for n in range(test.steps.count() + 1)]


def test_nothing_editors_write_can_run_on_a_page(editor):
    put_everywhere(editor)
    reader = Client()
    pages = {url: reader.get(url).content.decode() for url in reader_pages()}
    pages |= {f"preview {n}": page for n, page in enumerate(previews(editor))}
    assert "onerror=alert(1)" in pages[Article.objects.get().get_absolute_url()]  # as text
    assert {where: found for where, page in pages.items() if (found := runnable(page))} == {}


def test_the_live_markdown_preview_runs_nothing(editor):
    live = {"HX-Request": "true", "HX-Trigger-Name": "body"}
    for payload in PAYLOADS:
        response = editor.post(reverse("admin-markdown-preview"), {"body": payload}, headers=live)
        assert runnable(response.content.decode()) == [], payload


def test_the_live_pose_drawing_runs_nothing(editor):
    drawing = reverse("admin:education_exercise_pose_preview")
    for payload in PAYLOADS:
        response = editor.get(drawing, {"frames-0-pose": payload})
        assert runnable(response.content.decode()) == [], payload


def test_the_check_finds_what_could_run():
    page = (
        '<script src="/static/js/share.js"></script><script type="application/ld+json">{}</script>'
        "<p><img src=x onerror=alert(1)><a href=' java\tscript:alert(1)'>a</a></p>"
        "<script>alert(1)</script><iframe></iframe><div style='color:red'></div>"
        '<a href="java    script:alert(1)">spaces: a relative address, harmless</a>'
    )
    assert runnable(page) == [
        "<img onerror=…>",
        "<a href= java\tscript:alert(1)>",
        "<script> of its own",
        "<iframe>",
        "<div style=…>",
    ]
