import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from education.models import ReferralPage

URL = reverse("education:referral")
HX = {"HTTP_HX_REQUEST": "true"}
PLEDGE = (
    "To the best of my ability, I agree to provide my patients convenient, affordable, and "
    "mainstream Chiropractic care. I will not use unnecessary long-term treatment plans "
    "and/or therapies."
)


@pytest.fixture
def loaded(db):
    call_command("load_content", verbosity=0)


def test_red_flags_come_first_then_the_sections_and_the_pledge_quoted(client, loaded):
    html = client.get(URL).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    emergency = html.index('class="emergency-card"')
    urgent = html.index('class="urgent-card"')
    assert emergency < urgent < html.index("When to see a doctor of chiropractic</h2>")
    assert "<li>chest pain</li>" in html[emergency:urgent]
    assert f'<blockquote lang="en"><p>{PLEDGE}</p></blockquote>' in html
    assert '<figcaption>— <span lang="en">The ChiroTrust Pledge</span></figcaption>' in html
    assert "Information, not an endorsement" in html
    assert html.count("<h3>") >= 5  # the questions people ask


def test_questions_follow_the_editors_order(client, loaded):
    page = ReferralPage.objects.get()
    first, second = page.questions.all()[:2]
    first.order, second.order = 9, 1
    first.save(), second.save()
    html = client.get(URL).content.decode()
    assert html.index(second.question) < html.index(first.question)


def search_links(html):
    return re.findall(r'<a href="(https://[^"]+)" rel="noopener noreferrer">', html)


@pytest.mark.parametrize("extra", [{}, HX])
def test_the_form_builds_the_exact_phrase_and_safe_links(client, loaded, extra):
    response = client.get(URL, {"place": "Olympia, WA"}, **extra)
    html = response.content.decode()
    assert "<code>&quot;ChiroTrust Pledge&quot; &quot;Olympia, WA&quot;</code>" in html
    for link in search_links(html):
        assert parse_qs(urlsplit(link).query)["q"] == ['"ChiroTrust Pledge" "Olympia, WA"']
    assert len(search_links(html)) == 2
    assert ("<html" in html) == (not extra)
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "place",
    [
        '"><script>alert(1)</script>',
        'Olympia" OR "x',
        "x" * 81,
        "a",
        "%00",
        "https://evil.example/",
        "Portland; DROP TABLE",
    ],
)
def test_hostile_or_odd_places_get_a_clear_message_and_no_link(client, loaded, place):
    response = client.get(URL, {"place": place}, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-message"' in html
    assert search_links(html) == []
    assert "<script>" not in html


def test_unicode_places_are_welcome(client, loaded):
    html = client.get(URL, {"place": "Montréal, QC"}).content.decode()
    assert "&quot;Montréal, QC&quot;" in html


def test_the_referral_page_is_linked_from_advice_and_the_last_article_page(client, loaded):
    from education.models import Article

    last = Article.objects.get().pages.last()
    assert f'href="{URL}"' in client.get(last.get_absolute_url()).content.decode()


def test_an_unpublished_referral_page_is_404(client, loaded):
    ReferralPage.objects.update(status=ReferralPage.Status.DRAFT)
    assert client.get(URL).status_code == 404
