"""Sitemap, robots.txt, canonical and Open Graph tags, and schema.org JSON-LD."""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from education.models import Article, Exercise, SelfTest


@pytest.fixture
def loaded(db):
    call_command("load_content", verbosity=0)


def sitemap_locations(client):
    return re.findall(
        r"<loc>http://testserver([^<]+)</loc>", client.get("/sitemap.xml").content.decode()
    )


def published_addresses() -> set[str]:
    """Every published page's address in the active language."""
    article = Article.objects.get()
    lists = ["home", "article-list", "exercise-list", "about", "referral", "reminders"]
    return {
        *(reverse(f"education:{name}") for name in lists),
        SelfTest.objects.get().get_absolute_url(),
        article.get_absolute_url(),
        *(page.get_absolute_url() for page in article.pages.all()),
        *(exercise.get_absolute_url() for exercise in Exercise.objects.all()),
    }


def test_sitemap_lists_exactly_the_published_pages_in_both_languages(client, loaded):
    with translation.override("es"):
        spanish = published_addresses()
    assert "/es/ejercicios/puente-de-gluteos/" in spanish
    assert set(sitemap_locations(client)) == published_addresses() | spanish
    assert "<lastmod>" in client.get("/sitemap.xml").content.decode()
    clamshell = Exercise.objects.get(slug="clamshell")
    clamshell.status = "draft"
    clamshell.save()  # as withdrawing it in the admin does
    assert not {"/exercises/clamshell/", "/es/ejercicios/almeja/"} & set(sitemap_locations(client))


def test_each_page_in_the_sitemap_names_its_other_language_and_a_default(client, loaded):
    xml = client.get("/sitemap.xml").content.decode()
    entry = next(url for url in xml.split("<url>") if "/es/ejercicios/almeja/</loc>" in url)
    alternates = dict(re.findall(r'hreflang="([^"]+)" href="http://testserver([^"]+)"', entry))
    assert alternates == {
        "en": "/exercises/clamshell/",
        "es": "/es/ejercicios/almeja/",
        "x-default": "/exercises/clamshell/",
    }


def test_robots_txt_points_to_the_sitemap_and_keeps_out_private_pages(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /self-test/*/result/" in text and "admin" not in text
    assert "Disallow: /es/autoevaluacion/*/resultado/" in text
    assert "Disallow: /es/buscar/" in text


def json_ld(html):
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_article_pages_describe_themselves_as_medical_web_pages(client, loaded):
    page = Article.objects.get().pages.first()
    html = client.get(page.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == Article.objects.get().last_reviewed.isoformat()
    assert data["reviewedBy"] == {"@type": "Organization", "name": "GluteSite editorial team"}
    assert data["url"] == f"http://testserver{page.get_absolute_url()}"
    assert f'<link rel="canonical" href="http://testserver{page.get_absolute_url()}">' in html
    assert f'<meta property="og:title" content="{page.title}">' in html
    assert '<meta property="og:image" content="http://testserver/static/img/share.png">' in html


def test_exercises_describe_themselves_as_how_tos(client, loaded):
    data = json_ld(client.get("/exercises/clamshell/").content.decode())
    assert data["@type"] == "HowTo" and data["step"][0]["@type"] == "HowToStep"


def test_json_ld_cannot_close_its_script_element(client, loaded):
    Exercise.objects.filter(slug="clamshell").update(summary="</script><script>alert(1)</script>")
    html = client.get("/exercises/clamshell/").content.decode()
    assert json_ld(html)["description"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_a_named_reviewer_is_described_as_a_person(client, loaded):
    Article.objects.update(reviewer="Dr A. Example", reviewer_credentials="DC")
    page = Article.objects.get().pages.first()
    data = json_ld(client.get(page.get_absolute_url()).content.decode())
    assert data["reviewedBy"] == {"@type": "Person", "name": "Dr A. Example", "jobTitle": "DC"}


def test_pages_offer_a_share_control_with_a_plain_email_link(client, loaded):
    html = client.get("/exercises/clamshell/").content.decode()
    assert 'class="button button--secondary share__copy" type="button" hidden' in html
    assert (
        'href="mailto:?subject=Clamshell&amp;body=http%3A//testserver/exercises/clamshell/"' in html
    )


def test_review_due_is_listed_on_the_admin_index(admin_client, loaded):
    Exercise.objects.filter(slug="squat").update(next_review="2020-01-01")
    html = admin_client.get("/admin/").content.decode()
    assert "Review due" in html
    assert "Overdue since 1 Jan 2020" in html and ">Squat</a>" in html
