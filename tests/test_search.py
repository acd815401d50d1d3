import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from education.search import highlight, search

URL = reverse("education:search")
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def loaded(db):
    call_command("load_content", verbosity=0)


def titles(groups):
    return {group.name: [hit.title for hit in group.hits] for group in groups}


def test_clamshell_puts_the_exercise_with_that_name_first(loaded):
    groups = search("clamshell")
    assert groups[0].name == "Exercises"
    assert groups[0].hits[0].title == "Clamshell"
    assert "Waking up your glutes" in titles(groups)["Guide"]


def test_sitting_finds_guide_pages_and_exercises(loaded):
    found = titles(search("sitting"))
    assert "Gluteal amnesia and dead butt syndrome" in found["Guide"]
    assert "Glute taps" in found["Exercises"]


def test_sciatica_finds_the_guide(loaded):
    assert "Meet your glutes" in titles(search("sciatica"))["Guide"]


def test_chiropractor_finds_the_referral_page_and_questions(loaded):
    found = titles(search("chiropractor"))
    assert found["Find a chiropractor"][0] == "Find a doctor of chiropractic"


def test_other_names_are_searched(loaded):
    assert titles(search("hip bridge"))["Exercises"][0] == "Glute bridge"


def test_drafts_are_never_found(loaded):
    from education.models import Exercise

    Exercise.objects.filter(slug="clamshell").update(status="draft")
    assert "Clamshell" not in titles(search("clamshell")).get("Exercises", [])


def test_entities_are_escaped_once():
    assert str(highlight("<p>Hips &amp; knees: 1 &lt; 2</p>", ["knees"])) == (
        "Hips &amp; <mark>knees</mark>: 1 &lt; 2"
    )


def test_snippets_are_escaped_and_marked():
    html = highlight("<p>Use a <b>band</b> & squeeze: <script>x</script> squeeze</p>", ["squeeze"])
    assert "<mark>squeeze</mark>" in html
    assert "<script>" not in html and "<b>" not in html
    assert "&amp;" in html


@pytest.mark.parametrize(
    "query",
    ['"', "%", "_", "%_%", "'; DROP TABLE x; --", "Montréal", "é", "x" * 10_000, "<script>",
     "\x00", "   ", "a", "🙂 glutes", "sit*"],
)  # fmt: skip
def test_odd_queries_get_a_sensible_page(client, loaded, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html.split("<main", 1)[1].split("</main>")[0]
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_a_script_in_the_query_is_shown_as_text(client, loaded):
    html = client.get(URL, {"q": "<script>alert(1)</script> sitting"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


def test_a_very_long_query_is_cut_and_the_reader_told(client, loaded):
    html = client.get(URL, {"q": "sitting " * 2000}).content.decode()
    assert "we used the first 200 characters of your search" in html


@pytest.mark.parametrize("extra", [{}, HX])
def test_results_both_ways(client, loaded, extra):
    response = client.get(URL, {"q": "bridge"}, **extra)
    html = response.content.decode()
    assert ("<html" in html) == (not extra)
    assert re.search(r"\d+ results? for “bridge”", html)
    assert '<a href="/exercises/glute-bridge/">Glute bridge</a>' in html
    if extra:
        assert '<p id="search-count" hx-swap-oob="innerHTML">' in html


def test_empty_and_no_result_pages(client, loaded):
    assert "Type a word such as" in client.get(URL).content.decode()
    assert "No results" in client.get(URL, {"q": "zzzzqqq"}).content.decode()


def test_every_page_has_a_search_box_and_a_skip_link_to_it(client, loaded):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#site-search">Skip to search</a>' in html
    assert 'id="site-search" name="q"' in html
