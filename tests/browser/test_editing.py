"""A new editor's whole journey in the admin, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot, sign_in

PASSWORD = "calm-teal-hips-42"
PAGE = "/article/glute-weakness-and-low-back-pain/meet-your-glutes/"
NEW_TEXT = "Editors typed this sentence in the browser."


def test_an_editor_edits_previews_publishes_and_reverts_a_page(site, page, axe, editor_login):
    sign_in(page, site, *editor_login)
    page.get_by_role("link", name="Articles").first.click()
    page.get_by_role("link", name="Glute weakness and low back pain").click()
    expect(page.get_by_text("Published. Changes you save as a draft wait")).to_be_visible()

    # Type into the "Meet your glutes" page; the preview beside it follows.
    body = page.locator("textarea[name='pages-1-body']")
    body.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(f"\n\n**{NEW_TEXT}**")
    preview = page.locator(".markdown-editor", has=body).locator(".markdown-preview-body")
    expect(preview.locator("strong", has_text=NEW_TEXT)).to_be_visible()
    screenshot(page, "editor-live-preview")
    # What this site adds to the admin (the admin's own widgets, e.g. its autocomplete, aside).
    # axe's own loading of the admin's stylesheets trips the CSP, so the page's console is
    # checked before axe runs, and axe's noise is cleared after.
    assert page.problems.console_errors == [] and page.problems.csp_violations() == []
    ours = [[".markdown-editor"], [".markdown-help"], [".publishing-state"], [".submit-row"]]
    assert axe_violations(axe, page, {"include": ours}) == []
    page.problems.console_errors.clear()
    page.evaluate("() => { window.__cspViolations = []; }")

    # Save the changes unpublished and preview them on a phone.
    page.get_by_role("button", name="Save draft and preview").click()
    expect(page.get_by_role("heading", name="Preview: Glute weakness")).to_be_visible()
    page.get_by_role("link", name="Meet your glutes").click()
    page.get_by_role("link", name="Phone (375 px)").click()
    frame = page.locator("iframe.preview-frame")
    assert frame.bounding_box()["width"] == pytest.approx(375, abs=2)
    expect(page.frame_locator("iframe.preview-frame").get_by_text(NEW_TEXT)).to_be_visible()
    screenshot(page, "editor-preview-phone")
    assert axe_violations(axe, page) == []

    # Readers do not see the changes until they are published.
    reader = page.context.browser.new_page()
    reader.goto(f"{site.url}{PAGE}")
    expect(reader.get_by_text(NEW_TEXT)).to_have_count(0)

    page.get_by_role("button", name="Publish these changes").click()
    expect(page.locator(".messagelist")).to_contain_text("Published.")
    reader.reload()
    expect(reader.get_by_text(NEW_TEXT)).to_be_visible()

    # Revert to the version before, from the history.
    page.get_by_role("link", name="History").click()
    page.locator("#change-history tbody tr").nth(1).get_by_role("link").click()  # latest first
    expect(page.get_by_role("heading", name=re.compile("^Revert"))).to_be_visible()
    page.get_by_role("button", name="Restore this version").click()
    reader.reload()
    expect(reader.get_by_role("heading", name="Meet your glutes", level=1)).to_be_visible()
    expect(reader.get_by_text(NEW_TEXT)).to_have_count(0)
    reader.close()

    assert page.problems.console_errors == []
    assert page.problems.csp_violations() == []


def test_editing_previewing_and_publishing_work_without_javascript(site, browser, editor_login):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site, *editor_login)
    page.goto(f"{site.url}/admin/education/article/")
    page.get_by_role("link", name="Glute weakness and low back pain").click()
    body = page.locator("textarea[name='pages-1-body']")
    body.fill(body.input_value() + f"\n\n{NEW_TEXT}")
    page.get_by_role("button", name="Save draft and preview").click()
    page.get_by_role("link", name="Meet your glutes").click()
    expect(page.frame_locator("iframe.preview-frame").get_by_text(NEW_TEXT)).to_be_visible()

    page.get_by_role("button", name="Publish these changes").click()
    page.goto(f"{site.url}{PAGE}")
    expect(page.get_by_text(NEW_TEXT)).to_be_visible()
    context.close()


ON_TOP = """e => {
    const box = e.getBoundingClientRect();
    return e.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_the_banner_and_the_buttons_above_the_form_are_both_readable(
    site, browser, editor_login, width
):
    """Review fix 9: at 1280 px the "Published" banner ran under Preview / History."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, site, *editor_login)
    page.goto(f"{site.url}/admin/education/article/")
    page.get_by_role("link", name="Glute weakness and low back pain").click()
    banner = page.locator(".publishing-state")
    expect(banner).to_contain_text("Published. Changes you save as a draft wait")
    around = banner.bounding_box()
    for link in page.locator(".object-tools a").all():
        tool = link.bounding_box()
        assert (
            tool["y"] + tool["height"] <= around["y"]
            or around["x"] + around["width"] <= tool["x"]
            or tool["x"] + tool["width"] <= around["x"]
        ), f"{link.inner_text()} is over the banner"
        assert link.evaluate(ON_TOP), f"{link.inner_text()} is covered"
    assert banner.evaluate(ON_TOP)
    assert banner.evaluate("p => p.scrollWidth <= p.clientWidth")  # nothing cut off
    context.close()
