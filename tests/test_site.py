import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from education.models import AboutPage

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def about_page(db):
    return AboutPage.objects.create(
        summary="Who we are.",
        contact_email="editors@glutesite.example",
        body="## Editorial policy\n\nHow we work.\n\n## Privacy\n\nNo trackers.",
        status=AboutPage.Status.PUBLISHED,
    )


@pytest.fixture
def public_urls(make_article, about_page):
    article = make_article(pages=2)
    return [
        reverse("education:home"),
        reverse("education:article-list"),
        article.get_absolute_url(),
        *(page.get_absolute_url() for page in article.pages.all()),
        reverse("education:about"),
    ]


def test_every_public_page_has_one_h1_a_title_and_a_language(client, public_urls):
    for url in [*public_urls, "/no-such-page/"]:
        html = client.get(url).content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url
        assert re.search(r"<title>[^<]+ · GluteSite</title>", html), url
        assert '<html lang="en">' in html, url


def test_skip_link_comes_first_and_targets_main(client, public_urls):
    for url in public_urls:
        body = client.get(url).content.decode().split("<body>", 1)[1]
        assert body.lstrip().startswith(
            '<a class="skip-link" href="#main">Skip to main content</a>'
        )
        assert '<main id="main"' in body


def test_header_navigation_marks_the_current_section(client, public_urls):
    html = client.get(public_urls[2]).content.decode()
    assert '<a href="/article/" aria-current="page">Learn</a>' in html
    assert '<a href="/about/">About</a>' in html


def test_about_page_renders_its_sections_with_anchor_ids(client, about_page):
    html = client.get(reverse("education:about")).content.decode()
    assert '<h2 id="editorial-policy">Editorial policy</h2>' in html
    assert '<h2 id="privacy">Privacy</h2>' in html


def test_unpublished_about_page_is_404(client, about_page):
    about_page.status = AboutPage.Status.DRAFT
    about_page.save()
    assert client.get(reverse("education:about")).status_code == 404


@pytest.mark.parametrize("method", ["TRACE", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_public_addresses_answer_get_and_head_only(client, public_urls, method):
    """Review fix 8: the sitemap answered TRACE with 200."""
    for url in [*public_urls, "/sitemap.xml", "/robots.txt", "/favicon.ico"]:
        assert client.generic(method, url).status_code == 405, url
        assert client.head(url).status_code in (200, 302), url


def test_browsers_and_crawlers_find_the_favicon_where_they_look(client):
    """Review fix 8: /favicon.ico was a 404."""
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an icon


# Security headers


def test_every_response_carries_a_strict_csp_and_security_headers(client, public_urls):
    for url in [*public_urls, "/no-such-page/"]:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in csp and "http" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Frame-Options"] == "DENY"


def test_templates_use_no_inline_script_style_or_hx_on():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\ssrc=)", text), template
        assert "style=" not in text and "<style" not in text, template
        assert "hx-on" not in text, template


def test_htmx_is_configured_by_meta_tag_without_eval(client, public_urls):
    html = client.get(public_urls[0]).content.decode()
    assert '<meta name="htmx-config"' in html
    assert '"allowEval": false' in html and '"includeIndicatorStyles": false' in html
    assert re.search(r'<script src="/static/django_htmx/htmx-2\.min\.js" defer>', html)


# Error pages


def test_500_page_uses_the_site_layout(client, make_article):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")  # rendered as Django does: no request, no database
    assert "Sorry, there is a problem with the site" in html
    assert "Skip to main content" in html


@override_settings(DEBUG=False)
def test_server_error_returns_the_500_page(client, monkeypatch):
    from education.views import site

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(site, "render", broken)
    client.raise_request_exception = False
    response = client.get(reverse("education:home"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the site" in response.content.decode()


def test_bad_host_gets_the_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Sorry, we could not understand that request" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "status", "page"),
    [
        ("/", 400, "Sorry, we could not understand that request"),
        ("/admin/", 400, "Sorry, we could not understand that request"),
        # Refused before its body is read: it is not sent from the site's own pages.
        ("/self-test/a-test/begin/", 403, "Sorry, we could not accept that form"),
        ("/no-such-page/", 404, "Page not found"),
    ],
)
def test_a_form_in_another_charset_gets_the_sites_4xx_page_not_a_bare_500(db, url, status, page):
    """Review fix 7: Django refuses the body; its error views read it again for the CSRF check."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.cookies["csrftoken"] = "a" * 32
    form = "application/x-www-form-urlencoded; charset=iso-8859-1"
    response = browser.generic("POST", url, b"x=1", content_type=form)
    assert response.status_code == status and page in response.content.decode()
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_csrf_failure_gets_a_clear_403_page(make_article):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert response.status_code == 403
    assert "Sorry, that form had expired" in response.content.decode()


# Settings and deployment


def run_manage(*args, **env):
    test_only = {"SECRET_KEY", "DEBUG", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "glutesite.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_is_a_clear_error_when_debug_is_off():
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_deploy_check_is_clean_with_https_on():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 60 + "-not-a-real-key",
        HTTPS="on",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_defaults_to_off():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        SECRET_KEY="k",
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.django_db
def test_no_migration_is_missing():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
