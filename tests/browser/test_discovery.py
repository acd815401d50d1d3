"""Search, the pledge phrase helper and sharing in a real browser, with and without JavaScript."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations


def test_search_results_follow_typing_and_the_count_is_announced(site, page):
    page.goto(site.url + "/search/")
    loads = []
    page.on("load", lambda: loads.append(page.url))
    page.locator("#search-query").press_sequentially("clamsh", delay=40)
    # Waits for the answer to the whole word (a slow keystroke may send a shorter one first).
    expect(page.locator("#search-count")).to_have_text(re.compile(r"\d+ results? for “clamsh”"))
    assert loads == []  # updated in place
    assert page.locator("#search-results h2").first.inner_text() == "Exercises"
    assert page.locator("#search-count").get_attribute("aria-live") == "polite"
    assert page.evaluate("document.activeElement.id") == "search-query"
    page.wait_for_url(re.compile(r".*q=clamsh"))
    assert page.problems.csp_violations() == []


def test_search_works_without_javascript_from_the_header(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/")
    page.locator("#site-search").fill("sitting")
    page.locator(".header-search__button").click()
    page.wait_for_url(re.compile(r".*/search/\?q=sitting"))
    assert page.locator("#search-results mark").first.inner_text().lower() == "sitting"
    context.close()


def test_the_pledge_phrase_follows_typing(site, page):
    page.goto(site.url + "/find-a-chiropractor/")
    page.locator("#id_place").press_sequentially("Olympia, WA", delay=30)
    page.wait_for_function(
        "() => document.querySelector('.search-phrase')?.textContent.includes('Olympia, WA')"
    )
    assert page.locator(".search-phrase").inner_text() == '"ChiroTrust Pledge" "Olympia, WA"'
    assert (
        page.get_by_role("link", name="Search with Google")
        .get_attribute("href")
        .startswith("https://www.google.com/search?q=%22ChiroTrust+Pledge%22")
    )
    assert page.problems.console_errors == [] and page.problems.csp_violations() == []


def test_the_pledge_phrase_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/find-a-chiropractor/")
    page.locator("#id_place").fill("Montréal, QC")
    page.get_by_role("button", name="Show the search phrase").click()
    assert page.locator(".search-phrase").inner_text() == '"ChiroTrust Pledge" "Montréal, QC"'
    context.close()


def test_share_offers_copy_with_javascript_and_email_without(site, browser):
    path = "/exercises/clamshell/"
    with_js = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = with_js.new_page()
    page.goto(site.url + path)
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".share__status")).to_have_text("Link copied.")  # set once copied
    assert page.evaluate("navigator.clipboard.readText()") == site.url + path
    with_js.close()
    without_js = browser.new_context(java_script_enabled=False)
    page = without_js.new_page()
    page.goto(site.url + path)
    assert not page.get_by_role("button", name="Copy link").is_visible()
    assert page.get_by_role("link", name="Email a link").is_visible()
    without_js.close()


def test_a_bad_place_is_explained_next_to_the_field(site, page, axe):
    page.goto(site.url + "/find-a-chiropractor/")
    page.locator("#id_place").press_sequentially('<b>"x"', delay=30)
    expect(page.locator("#id_place_error")).to_contain_text("Use letters, spaces")
    described_by = page.locator("#id_place").get_attribute("aria-describedby").split()
    assert "id_place_error" in described_by
    page.wait_for_load_state("networkidle")  # no answer to an earlier keystroke still on its way
    assert axe_violations(axe, page) == []
