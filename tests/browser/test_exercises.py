"""The exercise library in a real browser: live filters, the no-JS form, motion and its pause."""

import re

from education.models import Exercise
from tests.browser.conftest import axe_violations, screenshot

LIST = "/exercises/"


def card_names(page):
    return page.locator(".exercise-card__title").all_inner_texts()


def test_filters_update_in_place_announce_the_count_and_share_the_url(site, page):
    page.goto(site.url + LIST)
    everything = len(card_names(page))
    loads = []
    page.on("load", lambda: loads.append(page.url))
    page.get_by_label("Category").focus()
    page.keyboard.press("ArrowDown")  # from "Any" to the first category, as a keyboard user would
    page.wait_for_url(re.compile(r".*category=activation"))
    page.wait_for_function(
        "(n) => document.querySelectorAll('.exercise-card').length !== n", arg=everything
    )
    assert loads == []  # swapped in place
    count = page.locator("#result-count").inner_text()
    assert re.fullmatch(rf"{len(card_names(page))} exercises? match your filters", count)
    assert page.evaluate("document.activeElement.id") == "id_category"  # focus stays put
    shared = page.context.new_page()
    shared.goto(page.url)
    assert card_names(shared) == card_names(page)
    assert page.problems.console_errors == [] and page.problems.csp_violations() == []


def test_filters_work_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + LIST)
    page.get_by_label("Equipment").select_option("none")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r".*equipment=none"))
    names = card_names(page)
    expected = Exercise.objects.published().filter(equipment__isnull=True).count()
    assert len(names) == expected
    page.get_by_role("link", name=names[0]).click()
    page.get_by_role("link", name=re.compile("Back to your filtered exercises")).click()
    assert page.url.endswith("?equipment=none")
    context.close()


def test_the_empty_state_offers_to_clear_the_filters(site, page, axe):
    page.goto(site.url + LIST + "?category=mobility&difficulty=3")
    assert page.locator(".empty-state h2").inner_text() == "No exercises match these filters"
    assert axe_violations(axe, page) == []
    page.get_by_role("link", name="clear all filters").click()
    assert len(card_names(page)) == Exercise.objects.published().count()


def test_list_and_filtered_list_pass_axe(site, page, axe):
    for query in ("", "?muscle=gluteus-medius"):
        page.goto(site.url + LIST + query)
        assert axe_violations(axe, page) == [], query


def test_every_exercise_page_passes_axe_and_fits_a_phone(site, page, phone_page, axe):
    for exercise in Exercise.objects.published():
        page.goto(site.url + exercise.get_absolute_url())
        assert axe_violations(axe, page) == [], exercise.slug
        assert page.problems.csp_violations() == [], exercise.slug
        phone_page.goto(site.url + exercise.get_absolute_url())
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, exercise.slug
    screenshot(page, "exercise-1280")
    screenshot(phone_page, "exercise-375")


def animation_state(page):
    return page.evaluate(
        "getComputedStyle(document.querySelector('.motion__frame')).animationPlayState"
    )


def test_the_animation_runs_and_the_pause_control_stops_it(site, page):
    page.emulate_media(reduced_motion="no-preference")
    page.goto(site.url + "/exercises/glute-bridge/")
    assert page.locator(".motion").is_visible()
    assert animation_state(page) == "running"
    page.get_by_label("Pause the animation").check()
    assert animation_state(page) == "paused"
    page.keyboard.press("Space")  # the checkbox keeps focus: Space resumes it
    assert animation_state(page) == "running"


def test_no_animation_for_readers_who_ask_for_reduced_motion(site, page):
    page.emulate_media(reduced_motion="reduce")
    page.goto(site.url + "/exercises/glute-bridge/")
    assert not page.locator(".motion").is_visible()
    assert page.locator(".frames .frame").first.is_visible()


def test_every_exercise_prints_on_at_most_two_pages(site, page):
    """A home-exercise sheet: the pictures, steps and dose, and the safety advice in full
    (what to do before starting, when to stop, when to call 911), on one sheet of paper."""
    for exercise in Exercise.objects.published():
        page.goto(site.url + exercise.get_absolute_url())
        pdf = page.pdf(format="A4")  # page.pdf uses the print stylesheet
        page_counts = [int(count) for count in re.findall(rb"/Count (\d+)", pdf)]
        assert max(page_counts) <= 2, exercise.slug
