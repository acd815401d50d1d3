"""The self-test in a real browser: htmx swaps with focus, title and URL; keyboard only; no JS."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

START = "/self-test/"
STEP = re.compile(r".*/self-test/glute-activation-check/step/(\d+)/$")
NO_FLAGS = ["No, none of these", "No, none of these"]
# Answers for each outcome, by choice label, in step order (the instruction step is "Continue").
ANSWERS = {
    "The checks did not point to under-active glutes": [
        *NO_FLAGS, None, "Soft and relaxed", "Soft and relaxed",
        "They felt firm on the first squeeze", "My hips stayed level on both sides",
        "Less than 1 hour", "No",
    ],
    "Your glutes may be a little under-used": [
        *NO_FLAGS, None, "Soft and relaxed", "Soft and relaxed", "It took 2 or 3 squeezes",
        "I skipped this check", "1 to 2 hours", "No",
    ],
    "Your glutes may be under-active": [
        *NO_FLAGS, None, "Soft and relaxed", "Soft and relaxed",
        "More than 3 squeezes, or they never felt firm", "A hip dropped on at least one side",
        "More than 2 hours", "Often",
    ],
    "A check hurt: show this to a health professional": [
        *NO_FLAGS, None, "I could not do it: it hurt", "Less than 1 hour", "No",
    ],
    "See a doctor soon": [
        "No, none of these", "Yes, I have one or more of these", "Less than 1 hour", "No",
    ],
}  # fmt: skip


def wait_for_swap(page, number):
    """After an htmx swap: the URL, the title and the focus have all followed."""
    page.wait_for_url(STEP if number else re.compile(r".*/check/$"))
    page.wait_for_function("() => document.activeElement.tagName === 'H1'")


def answer_with_mouse(page, label):
    if label:
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Continue").click()


def wait_for_next_page(page, previous_heading):
    """Until the page (swapped in or loaded) has a new <h1>: a valid answer moves on."""
    page.wait_for_function(
        "(previous) => document.querySelector('h1')?.textContent !== previous",
        arg=previous_heading,
    )


def complete(page, base, answers):
    page.goto(base + START)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(STEP)
    for label in answers:
        heading = page.locator("h1").inner_text()
        answer_with_mouse(page, label)
        wait_for_next_page(page, heading)
    page.wait_for_url(re.compile(r".*/check/$"))
    page.get_by_role("button", name="See my result").click()
    page.wait_for_url(re.compile(r".*/result/.+/$"))


def test_htmx_swaps_move_focus_change_title_and_url_and_announce(site, page):
    page.goto(site.url + START)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(STEP)
    full_page_loads = []
    page.on("load", lambda: full_page_loads.append(page.url))
    answer_with_mouse(page, "No, none of these")
    wait_for_swap(page, 2)
    assert page.url.endswith("/step/2/")
    assert page.title() == (
        "Do you have back pain with any of these other signs? · Glute activation self-check "
        "· GluteSite"
    )
    assert page.evaluate("document.activeElement.textContent") == page.locator("h1").inner_text()
    assert page.locator("#wizard-announcer").inner_text().startswith("Step 2 of 9:")
    assert page.locator(".back-link").get_attribute("href").endswith("/step/1/")
    assert full_page_loads == []  # swapped in place, not loaded
    assert page.problems.console_errors == []
    assert page.problems.csp_violations() == []


def test_the_error_summary_receives_focus_and_nothing_is_cleared(site, page):
    page.goto(site.url + START)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(STEP)
    answer_with_mouse(page, "No, none of these")
    wait_for_swap(page, 2)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')")
    assert page.title().startswith("Error: ")
    assert page.url.endswith("/step/2/")
    page.locator(".error-summary a").click()
    page.wait_for_function("() => document.activeElement.type === 'radio'")
    page.go_back()  # the error did not add a history entry
    page.wait_for_url(re.compile(r".*/step/1/$"))
    expect(page.get_by_label("No, none of these", exact=True)).to_be_checked()


def test_back_link_and_back_button_show_a_full_page_with_the_answer_selected(site, page):
    page.goto(site.url + START)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(STEP)
    answer_with_mouse(page, "No, none of these")
    wait_for_swap(page, 2)
    answer_with_mouse(page, "No, none of these")
    wait_for_swap(page, 3)
    with page.expect_event("load"):  # htmx keeps no snapshots: it reloads the page
        page.go_back()
    assert page.url.endswith("/step/2/")
    assert page.locator("header.site-header").count() == 1  # a full page, not a fragment
    expect(page.get_by_label("No, none of these", exact=True)).to_be_checked()
    page.locator(".back-link").click()
    page.wait_for_url(re.compile(r".*/step/1/$"))
    assert page.locator("header.site-header").count() == 1
    expect(page.get_by_label("No, none of these", exact=True)).to_be_checked()


def tab_to(page, selector, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_complete_with_the_keyboard_only(site, page, axe):
    page.goto(site.url + START)
    tab_to(page, "button.button--start")
    page.keyboard.press("Enter")
    page.wait_for_url(STEP)
    for number, label in enumerate(ANSWERS["Your glutes may be under-active"], start=1):
        if label:
            tab_to(page, "input[type=radio]")
            while page.evaluate("document.activeElement.labels[0].textContent") != label:
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")  # Tab alone focuses the first radio without choosing it
        tab_to(page, "button[type=submit]")
        page.keyboard.press("Enter")
        wait_for_swap(page, number + 1 if number < 9 else None)
        assert page.problems.csp_violations() == []
    assert page.locator("h1").inner_text() == "Check your answers"
    assert axe_violations(axe, page) == []
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/result/.+/$"))
    assert page.locator("h1").inner_text() == "Your glutes may be under-active"
    assert page.problems.console_errors == []


def test_complete_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    complete(page, site.url, ANSWERS["Your glutes may be a little under-used"])
    assert page.locator("h1").inner_text() == "Your glutes may be a little under-used"
    context.close()


def test_every_page_of_the_wizard_passes_axe(site, page, axe):
    page.goto(site.url + START)
    assert axe_violations(axe, page) == [], "start"
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(STEP)
    for number, label in enumerate(
        ANSWERS["The checks did not point to under-active glutes"], start=1
    ):
        assert axe_violations(axe, page) == [], f"step {number}"
        if number == 2:  # the error state too
            page.get_by_role("button", name="Continue").click()
            page.wait_for_function(
                "() => document.activeElement.classList.contains('error-summary')"
            )
            assert axe_violations(axe, page) == [], "step 2 with an error"
        heading = page.locator("h1").inner_text()
        answer_with_mouse(page, label)
        wait_for_next_page(page, heading)
    page.wait_for_url(re.compile(r".*/check/$"))
    assert axe_violations(axe, page) == [], "check your answers"


@pytest.mark.parametrize("outcome", list(ANSWERS))
def test_each_result_passes_axe_and_prints_without_navigation(site, page, axe, outcome):
    complete(page, site.url, ANSWERS[outcome])
    assert page.locator("h1").inner_text() == outcome
    assert axe_violations(axe, page) == []
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".prose").is_visible()


def test_the_emergency_interruption_page(site, page, axe):
    page.goto(site.url + START)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(STEP)
    answer_with_mouse(page, "Yes, I have one or more of these")
    page.wait_for_url(re.compile(r".*/emergency/$"))
    assert page.locator("h1").inner_text() == "Get medical help now"
    assert "911" in page.locator(".emergency-card").inner_text()
    assert axe_violations(axe, page) == []
    page.goto(site.url + "/self-test/glute-activation-check/step/2/")
    assert page.url.endswith("/self-test/glute-activation-check/?expired")  # answers are gone
