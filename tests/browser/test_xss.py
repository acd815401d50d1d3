"""The XSS corpus in every field editors write in, loaded in Chromium with the CSP switched off
(so that the sanitiser, not the policy, is what is tested): none of it runs, on readers' pages,
in the admin's change form and preview, or in the live markdown preview as an editor types."""

from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import expect

from education.models import Article
from tests.browser.conftest import sign_in
from tests.test_xss import reader_pages
from tests.xss import PAYLOADS, put_everywhere


def test_no_payload_runs_in_a_browser_even_without_the_csp(site, browser, editor_login):
    editor = Client()
    editor.force_login(User.objects.get(username=editor_login[0]))
    put_everywhere(editor)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    ran = []
    page.on("dialog", lambda dialog: ran.append(dialog.message) or dialog.dismiss())
    for url in reader_pages():
        page.goto(f"{site.url}{url}")
        page.wait_for_load_state("load")
    assert ran == []

    sign_in(page, site, *editor_login)
    article = Article.objects.get()
    page.goto(f"{site.url}/admin/education/article/{article.pk}/change/")
    body = page.locator("textarea[name='pages-0-body']")
    body.fill("\n\n".join(PAYLOADS[:20]))  # the live preview renders it as it is typed
    expect(page.locator(".markdown-preview-body").first).to_contain_text("alert(1)")
    body.fill("\n\n".join(PAYLOADS[20:]))
    expect(page.locator(".markdown-preview-body").first).not_to_contain_text("PHNjcmlwdD5")
    page.goto(f"{site.url}/admin/education/article/{article.pk}/preview/?page=1")
    page.wait_for_load_state("load")
    assert ran == []
    context.close()
