"""Every public page in a real browser: clean, accessible, keyboard-usable, fits a phone."""

import pytest

from education.models import Article
from tests.browser.conftest import axe_violations, screenshot


def public_paths():
    article = Article.objects.published().with_contents().get()
    return {
        "home": "/",
        "learn": "/article/",
        "overview": article.get_absolute_url(),
        **{f"part-{n}": page.get_absolute_url() for n, page in enumerate(article.contents, 1)},
        "about": "/about/",
        "referral": "/find-a-chiropractor/",
        "search": "/search/?q=sitting",
        "empty search": "/search/",
        "search with no results": "/search/?q=zzzz",
    }


def test_every_public_page_is_clean_and_accessible(site, page, axe):
    for name, path in public_paths().items():
        response = page.goto(site.url + path)
        assert response.status == 200, name
        assert page.problems.console_errors == [], name
        assert page.problems.csp_violations() == [], name
        assert axe_violations(axe, page) == [], name


def test_not_found_page_is_clean_and_accessible(site, page, axe):
    response = page.goto(site.url + "/article/no-such-guide/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.problems.csp_violations() == []
    assert axe_violations(axe, page) == []


@pytest.mark.parametrize("path_name", ["home", "part-2", "about"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(site, page, path_name):
    page.goto(site.url + public_paths()[path_name])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    assert page.get_by_role("link", name="Skip to main content").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_second_tab_stop_skips_to_the_search_box(site, page):
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to search"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "site-search"


def test_reader_can_page_through_the_article_by_keyboard(site, page):
    parts = [path for name, path in public_paths().items() if name.startswith("part-")]
    page.goto(site.url + parts[0])
    for number, path in enumerate(parts[1:], start=2):
        page.locator("a[rel=next]").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(site.url + path)
        assert page.locator(".eyebrow").inner_text().endswith(f"Part {number} of {len(parts)}")
    assert page.locator("a[rel=next]").count() == 0


@pytest.mark.parametrize("path_name", ["home", "part-1", "part-4", "about"])
def test_pages_fit_a_375px_phone_and_a_desktop(site, page, phone_page, path_name):
    path = public_paths()[path_name]
    for viewer, width in ((phone_page, 375), (page, 1280)):
        viewer.goto(site.url + path)
        assert viewer.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(viewer, f"{path_name}-{width}")


def test_pages_reflow_at_320px_without_sideways_scrolling(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in public_paths().values():
        page.goto(site.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()


def test_article_page_prints_text_sources_and_review_record_without_navigation(site, page):
    page.goto(site.url + public_paths()["part-1"])
    page.emulate_media(media="print")
    for hidden in (".site-header", ".contents--compact", ".pager"):
        assert not page.locator(hidden).is_visible(), hidden
    for shown in ("h1", ".prose", ".references", ".review-record", ".site-footer__disclaimer"):
        assert page.locator(shown).is_visible(), shown


def test_dark_mode_passes_axe(site, browser, axe):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    for path in ("/", public_paths()["part-1"]):
        page.goto(site.url + path)
        assert axe_violations(axe, page) == [], path
    context.close()
