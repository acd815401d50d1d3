import gzip
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from education.models import Exercise

LIST = reverse("education:exercise-list")
HX = {"HTTP_HX_REQUEST": "true"}


def names(html):
    return re.findall(r'class="exercise-card__title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def library(make_exercise):
    make_exercise("bridge", category="strength", primary=("gluteus-maximus",))
    make_exercise(
        "clamshell", category="activation", difficulty=2, equipment=("band",),
        primary=("gluteus-medius",), secondary=(), per_side=True,
    )  # fmt: skip
    make_exercise("step-up", category="strength", difficulty=3, equipment=("step",))
    make_exercise("draft", status=Exercise.Status.DRAFT)


# The dose in plain words


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"sets": 3, "reps": 10, "per_side": True}, "3 sets of 10 on each side, once a day"),
        ({"sets": 1, "reps": 12}, "12 repetitions, once a day"),
        ({"sets": 0, "reps": 0, "hold_seconds": 20}, "Hold for 20 seconds, once a day"),
        ({"sets": 3, "reps": 0, "hold_seconds": 20, "per_side": True},
         "Hold for 20 seconds, 3 times on each side, once a day"),
        ({"sets": 2, "reps": 10, "hold_seconds": 2},
         "2 sets of 10, holding each for 2 seconds, once a day"),
        ({"sets": 2, "reps": 10, "hold_seconds": 1, "per_side": True},
         "2 sets of 10 on each side, holding each for 1 second, once a day"),
    ],
)  # fmt: skip
def test_dose_reads_as_plain_words(fields, words):
    assert Exercise(frequency="once a day", **fields).dose == words


# The list, both ways


def test_list_shows_published_cards_with_start_frame_category_difficulty_and_dose(client, library):
    html = client.get(LIST).content.decode()
    assert names(html) == ["Bridge", "Clamshell", "Step Up"]
    assert "Draft" not in names(html)
    assert 'class="exercise-card__figure" aria-hidden="true"><svg' in html
    assert "activation · Moderate" in html
    assert "2 sets of 10 on each side, once a day" in html
    assert "3 exercises" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=activation", ["Clamshell"]),
        ("difficulty=3", ["Step Up"]),
        ("muscle=gluteus-medius", ["Clamshell"]),
        ("muscle=hamstrings", ["Bridge", "Step Up"]),
        ("equipment=none", ["Bridge"]),
        ("equipment=step", ["Step Up"]),
        ("category=strength&difficulty=1", ["Bridge"]),
    ],
)
def test_filters(client, library, query, expected):
    assert names(client.get(f"{LIST}?{query}").content.decode()) == expected


def test_htmx_gets_only_the_results_and_the_count(client, library):
    response = client.get(f"{LIST}?category=strength", **HX)
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert names(html) == ["Bridge", "Step Up"]
    assert '<p id="result-count" hx-swap-oob="innerHTML">2 exercises match your filters</p>' in html
    assert "HX-Request" in response["Vary"]


def test_the_filter_form_works_without_javascript_and_swaps_with_it(client, library):
    html = client.get(f"{LIST}?difficulty=2").content.decode()
    assert 'method="get" action="/exercises/" hx-get="/exercises/" hx-trigger="change"' in html
    assert 'hx-target="#results" hx-push-url="true"' in html
    assert '<option value="2" selected>Moderate</option>' in html
    assert '<p id="result-count" class="result-count" aria-live="polite"' in html


def test_no_match_shows_a_clear_empty_state(client, library):
    html = client.get(f"{LIST}?category=activation&difficulty=3").content.decode()
    assert "No exercises match these filters" in html
    assert 'href="/exercises/">clear all filters</a>' in html


@pytest.mark.parametrize(
    "query",
    [
        "category=nonsense",
        "difficulty=9",
        "difficulty=abc",
        "muscle=%3Cscript%3E",
        "equipment=" + "x" * 5000,
        "difficulty=1&difficulty=2",
        "category=%00",
        "page=2",
    ],
)
def test_unknown_or_malformed_filters_are_ignored_and_said(client, library, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(names(html)) >= 1
    assert "<script>" not in html


def test_an_ignored_filter_is_explained(client, library):
    html = client.get(f"{LIST}?difficulty=9").content.decode()
    assert "We ignored a filter we did not recognise (Difficulty)" in html
    assert len(names(html)) == 3


@pytest.mark.parametrize("count", [10, 100])
def test_list_query_count_is_constant(client, make_exercise, django_assert_num_queries, count):
    for number in range(count):
        make_exercise(f"exercise-{number}")
    # the filters' choices; the cards' exercises, frames and muscles
    with django_assert_num_queries(4):
        assert len(names(client.get(LIST).content.decode())) == count


# One exercise


def test_detail_page_shows_everything_a_reader_needs(client, library):
    html = client.get("/exercises/clamshell/").content.decode()
    assert "<h1>Clamshell</h1>" in html and "Also called: Hip lift" in html
    assert html.count('<figure class="frame') == 3  # two frames and the mirrored other side
    assert "Then swap sides and do the same." in html
    assert "<strong>How much:</strong> 2 sets of 10 on each side, once a day." in html
    assert (
        "<li>Lie on your back.</li>" in html
        and "<li>Arching your back: squeeze first.</li>" in html
    )
    assert "Stop if it <strong>hurts</strong>." in html
    assert "<strong>Yes:</strong> In your buttocks." in html
    assert 'class="motion__pause" type="checkbox"' in html
    assert 'Gluteus-Medius <span class="meta">(works hard)</span>' in html
    assert 'id="map-clamshell-gluteus-medius"' in html


@pytest.mark.django_db
def test_every_exercise_page_stays_under_40_kb_compressed(client):
    """Its frames, the mirrored other side, the animation's copies and the muscle map all
    inline, gzipped as a server or proxy sends them."""
    call_command("load_content", verbosity=0)
    for exercise in Exercise.objects.published():
        html = client.get(exercise.get_absolute_url()).content
        assert len(gzip.compress(html)) < 40_000, exercise.slug
        pictures = re.findall(rb"<svg .*?</svg>", html, re.S)
        assert all(len(svg) < 8_000 for svg in pictures), exercise.slug


def test_each_svg_id_on_the_detail_page_is_unique(client, library):
    html = client.get("/exercises/clamshell/").content.decode()
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_back_to_results_keeps_the_filters(client, library):
    html = client.get(f"{LIST}?category=activation").content.decode()
    assert 'href="/exercises/clamshell/?category=activation">Clamshell' in html
    detail = client.get("/exercises/clamshell/?category=activation&muscle=<bad>").content.decode()
    assert 'href="/exercises/?category=activation">Back to your filtered exercises' in detail


def test_ladder_links_easier_and_harder_published_versions(client, make_exercise):
    bridge = make_exercise("bridge")
    single = make_exercise("single-leg-bridge")
    single.easier = bridge
    single.save()
    assert 'Ready for more? Move on to <a href="/exercises/single-leg-bridge/">' in (
        client.get("/exercises/bridge/").content.decode()
    )
    assert 'Try the easier <a href="/exercises/bridge/">Bridge</a>' in (
        client.get("/exercises/single-leg-bridge/").content.decode()
    )
    bridge.status = Exercise.Status.DRAFT
    bridge.save()
    assert "Try the easier" not in client.get("/exercises/single-leg-bridge/").content.decode()


@pytest.mark.parametrize("path", ["/exercises/nope/", "/exercises/draft/", "/exercises/a/b/"])
def test_unknown_and_draft_exercises_are_404(client, library, path):
    assert client.get(path).status_code == 404


def test_wrong_method_is_405(client, library):
    assert client.post(LIST).status_code == 405
    assert client.post("/exercises/bridge/").status_code == 405


def test_article_pages_link_their_exercises(client, make_article, make_exercise):
    article = make_article(pages=1)
    page = article.pages.get()
    make_exercise("bridge").article_pages.add(page)
    make_exercise("hidden", status=Exercise.Status.DRAFT).article_pages.add(page)
    html = client.get(page.get_absolute_url()).content.decode()
    assert 'href="/exercises/bridge/">Bridge</a>' in html
    assert "/exercises/hidden/" not in html
    detail = client.get("/exercises/bridge/").content.decode()
    assert f'href="{page.get_absolute_url()}">{page.title}</a>' in detail
