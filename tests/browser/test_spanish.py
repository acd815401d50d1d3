"""The Spanish edition in a real browser: axe on every kind of Spanish page, the self-test in
Spanish with the keyboard only and without JavaScript, and the language switch keeping the page
(mid-test too, after htmx swaps)."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from education.models import Choice, Exercise, SelfTest
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_selftest import ANSWERS, tab_to

TEST = "/es/autoevaluacion/autoevaluacion-de-gluteos/"
STEP = re.compile(r".*/es/autoevaluacion/autoevaluacion-de-gluteos/paso/(\d+)/$")
RESULT = re.compile(r".*/es/autoevaluacion/autoevaluacion-de-gluteos/resultado/.+/$")
PAGES = [
    "/es/",
    "/es/articulo/",
    "/es/articulo/debilidad-de-gluteos-y-dolor-lumbar/",
    "/es/articulo/debilidad-de-gluteos-y-dolor-lumbar/conozca-sus-gluteos/",
    "/es/ejercicios/",
    "/es/ejercicios/?muscle=gluteus-medius",
    "/es/ejercicios/puente-de-gluteos/",
    "/es/autoevaluacion/",
    "/es/quiropractico/",
    "/es/acerca-de/",
    "/es/buscar/?q=gluteos",
    "/es/recordatorios/",
    "/es/no-existe/",
]


def in_spanish(labels: list[str | None]) -> list[str | None]:
    """The self-test's answers, by their English labels, as a Spanish reader reads them."""
    spanish = dict(Choice.objects.values_list("label_en", "label_es"))
    return [spanish[label] if label else None for label in labels]


def spanish_outcome(english_title: str) -> str:
    outcome = SelfTest.objects.get().outcomes.get(title_en=english_title)
    return outcome.title_es


@pytest.mark.parametrize("path", PAGES)
def test_every_kind_of_spanish_page_passes_axe(site, page, axe, path):
    page.goto(site.url + path)
    assert page.locator("html").get_attribute("lang") == "es"
    assert axe_violations(axe, page) == [], path
    assert page.problems.console_errors == [] or path == "/es/no-existe/"


def test_the_wizard_in_spanish_with_the_keyboard_only(site, page, axe):
    english = ANSWERS["Your glutes may be under-active"]
    page.goto(site.url + TEST)
    tab_to(page, "button.button--start")
    page.keyboard.press("Enter")
    page.wait_for_url(STEP)
    for number, label in enumerate(in_spanish(english), start=1):
        if label:
            tab_to(page, "input[type=radio]")
            while page.evaluate("document.activeElement.labels[0].textContent") != label:
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
        tab_to(page, "button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_url(STEP if number < len(english) else re.compile(r".*/revisar/$"))
        page.wait_for_function("() => document.activeElement.tagName === 'H1'")
        assert axe_violations(axe, page) == [], f"paso {number}"
    assert page.locator("h1").inner_text() == "Revise sus respuestas"
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(RESULT)
    assert page.locator("h1").inner_text() == spanish_outcome("Your glutes may be under-active")
    assert axe_violations(axe, page) == []
    assert page.problems.console_errors == [] and page.problems.csp_violations() == []


def test_the_wizard_in_spanish_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + TEST)
    page.get_by_role("button", name="Empezar ahora").click()
    for label in in_spanish(ANSWERS["A check hurt: show this to a health professional"]):
        heading = page.locator("h1").inner_text()
        if label:
            page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Continuar").click()
        assert page.locator("h1").inner_text() != heading
    page.get_by_role("button", name="Ver mi resultado").click()
    page.wait_for_url(RESULT)
    title = spanish_outcome("A check hurt: show this to a health professional")
    assert page.locator("h1").inner_text() == title
    screenshot(page, "spanish-result-pain-no-js")
    context.close()


def test_the_language_switch_keeps_the_page(site, page):
    page.goto(site.url + "/exercises/glute-bridge/")
    page.get_by_role("link", name="Español").click()
    page.wait_for_url(site.url + "/es/ejercicios/puente-de-gluteos/")
    assert page.locator("h1").inner_text() == "Puente de glúteos"
    page.get_by_role("link", name="English").click()
    page.wait_for_url(site.url + "/exercises/glute-bridge/")


def test_switching_language_mid_test_keeps_the_answers(site, page):
    """After htmx swaps (the address changes without a page load), the switch still leads to
    the step the reader is on, and the answers so far are kept."""
    page.goto(site.url + "/self-test/glute-activation-check/")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url(re.compile(r".*/step/1/$"))
    full_page_loads = []
    page.on("load", lambda: full_page_loads.append(page.url))
    for label in ANSWERS["Your glutes may be under-active"][:2]:
        heading = page.locator("h1").inner_text()
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_function("(h) => document.querySelector('h1').textContent !== h", arg=heading)
    page.wait_for_url(re.compile(r".*/step/3/$"))
    assert full_page_loads == []  # htmx swapped the steps in
    page.get_by_role("link", name="Español").click()
    page.wait_for_url(re.compile(r".*/es/autoevaluacion/autoevaluacion-de-gluteos/paso/3/$"))
    page.get_by_role("link", name="Atrás").click()
    page.wait_for_url(re.compile(r".*/paso/2/$"))
    no = in_spanish(ANSWERS["Your glutes may be under-active"][1:2])[0]
    expect(page.get_by_label(no, exact=True)).to_be_checked()


def test_an_untranslated_page_says_so_in_spanish_and_reads_in_english(site, page, axe):
    exercise = Exercise.objects.get(slug_en="glute-bridge")
    step = exercise.steps.first()
    step.text_en = "Lie on your back with your knees bent."
    step.save()
    with translation.override("es"):
        page.goto(site.url + exercise.get_absolute_url())
    assert page.get_by_text("Esta página todavía no está traducida al español").is_visible()
    assert page.locator("main").get_attribute("lang") == "en"
    assert axe_violations(axe, page) == []
