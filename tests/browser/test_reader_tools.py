"""The reader tools in Chromium, with and without JavaScript: stand-up reminders, the 4-week
plan (printed on at most two pages) and "Was this page helpful?"."""

import re

import icalendar
import pytest
from django.core import signing
from playwright.sync_api import expect

from education.models import Feedback, SelfTest
from education.views.selftest import TOKEN_SALT
from tests.browser.conftest import axe_violations

PAGE = "/article/glute-weakness-and-low-back-pain/meet-your-glutes/"


@pytest.fixture
def without_javascript(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def plan_url(site) -> str:
    test = SelfTest.objects.get()
    outcome = test.outcomes.get(min_score=4)
    token = signing.dumps({"o": outcome.pk, "c": [], "d": "2026-11-30"}, salt=TOKEN_SALT)
    return f"{site.url}/self-test/{test.slug}/result/{token}/plan/"


# Reminders


def test_reminders_take_the_browsers_time_zone_and_preview_the_day(site, page, axe):
    page.goto(site.url + "/reminders/")
    zone = page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    expect(page.get_by_label("Your time zone")).to_have_value(zone)
    expect(page.locator("#reminder-preview")).to_contain_text("09:45")
    page.get_by_label("Remind me every (minutes)").fill("30")
    page.get_by_label("Remind me every (minutes)").dispatch_event("change")
    expect(page.locator("#reminder-preview")).to_contain_text("09:30, 10:00")
    assert axe_violations(axe, page) == []
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the calendar file").click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    assert len(calendar.walk("VEVENT")) == 16  # every 30 minutes from 09:30 to 17:00
    assert page.problems.console_errors == [] and page.problems.csp_violations() == []


def test_reminders_without_javascript_ask_for_the_time_zone(site, without_javascript):
    page = without_javascript
    page.goto(site.url + "/reminders/")
    page.get_by_role("button", name="Download the calendar file").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".error-summary")).to_contain_text("Choose your time zone")
    page.get_by_label("Your time zone").select_option("America/Denver")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the calendar file").click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "America/Denver"


def test_a_reminders_error_moves_focus_to_its_summary_and_passes_axe(site, page, axe):
    query = "start=09:00&end=17:00&every=1&days=MO&zone=Nowhere&reminder=walk"
    page.goto(f"{site.url}/reminders/stand-up-reminders.ics?{query}")
    expect(page.locator(".error-summary")).to_be_focused()
    assert axe_violations(axe, page) == []
    page.locator(".error-summary a").first.click()
    expect(page.locator("#id_every")).to_be_focused()


# The plan


def test_the_plan_passes_axe_and_prints_on_at_most_two_pages(site, page, axe):
    page.goto(plan_url(site))
    expect(page.get_by_role("heading", name="Your 4-week plan", level=1)).to_be_visible()
    assert axe_violations(axe, page) == []
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        assert max(int(count) for count in re.findall(rb"/Count (\d+)", pdf)) <= 2, paper
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".plan__tick").first.is_visible()


def test_the_plan_on_a_phone_reads_as_cards(site, phone_page, axe):
    phone_page.goto(plan_url(site))
    assert axe_violations(axe, phone_page) == []
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # nothing wider than the screen


# "Was this page helpful?"


def test_no_then_a_comment_in_place_with_htmx(site, page, axe):
    page.goto(site.url + PAGE)
    page.get_by_role("button", name="No").click()
    expect(page.locator(".feedback__thanks")).to_be_focused()
    assert axe_violations(axe, page, {"include": [["#feedback"]]}) == []
    page.get_by_label("What was missing or unclear? (optional)").fill("A drawing of the hip.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".feedback__thanks")).to_have_text("Thank you: we read every comment.")
    assert page.url == site.url + PAGE
    answer = Feedback.objects.get()
    assert not answer.helpful and answer.comment == "A drawing of the hip."
    assert page.problems.console_errors == [] and page.problems.csp_violations() == []


def test_yes_without_javascript_gets_a_page_with_a_way_back(site, without_javascript):
    page = without_javascript
    page.goto(site.url + PAGE)
    page.get_by_role("button", name="Yes").click()
    expect(page.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    page.get_by_role("link", name="Go back to the page").click()
    assert page.url == site.url + PAGE
    assert Feedback.objects.get().helpful
