"""The exercise library in a real browser: live filters, the no-JS form, motion and its pause."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

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
    assert re.fullmatch(rf"{len(card_names(page))} exercise(s match| matches) your filters", count)
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
    expect(page.locator(".exercise-card__title")).to_have_count(
        Exercise.objects.published().count()
    )


def test_list_and_filtered_list_pass_axe(site, page, axe):
    for query in ("", "?muscle=gluteus-medius"):
        page.goto(site.url + LIST + query)
        assert axe_violations(axe, page) == [], query


MEASURE_PICTURES = """() => {
  const frames = [...document.querySelectorAll('.frames .frame')].filter(
    (frame) => !frame.classList.contains('motion'));
  const drawings = [...document.querySelectorAll('.frames figure.frame svg.figure')];
  return {
    frames: frames.map((frame) => frame.getBoundingClientRect().width),
    drawings: drawings.map((svg) => svg.getBoundingClientRect().width),
    // The drawing (figure, props, arrow: not the floor line) over the picture, as drawn:
    // points along every shape, in the picture's own units (getBBox of a rotated group is
    // the box around a box, too big).
    fills: drawings.map((svg) => {
      const toPicture = svg.getScreenCTM().inverse();
      const xs = [];
      const ys = [];
      for (const shape of svg.querySelectorAll('.figure__content path, .figure__content circle')) {
        const matrix = toPicture.multiply(shape.getScreenCTM());
        const length = shape.getTotalLength();
        for (let i = 0; i <= 48; i += 1) {
          const point = shape.getPointAtLength((length * i) / 48).matrixTransform(matrix);
          xs.push(point.x);
          ys.push(point.y);
        }
      }
      const view = svg.viewBox.baseVal;
      const area = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
      return area / (view.width * view.height);
    }),
    crops: drawings.map((svg) => svg.getAttribute('viewBox')),
  };
}"""
# The rendered size of each label of the muscle map: its font size times the map's scale.
LABEL_SIZES = """() => [...document.querySelectorAll('.muscle-map text')].map(
  (text) => parseFloat(getComputedStyle(text).fontSize) * text.ownerSVGElement.getScreenCTM().a)"""


def test_every_exercise_page_passes_axe_and_shows_big_pictures(site, page, phone_page, axe):
    """Every frame one per row and at least 300 px wide on a 375 px phone, at least 260 px on
    a desktop; the drawing fills at least half of every picture; the frames of an exercise
    share one crop; the muscle map's labels are at least 12 px on both."""
    for exercise in Exercise.objects.published():
        url = site.url + exercise.get_absolute_url()
        page.goto(url)
        assert axe_violations(axe, page) == [], exercise.slug
        assert page.problems.csp_violations() == [], exercise.slug
        desktop = page.evaluate(MEASURE_PICTURES)
        assert min(desktop["frames"]) >= 260, exercise.slug
        assert min(desktop["fills"]) >= 0.5, exercise.slug
        assert len(set(desktop["crops"])) == 1, exercise.slug
        assert min(page.evaluate(LABEL_SIZES)) >= 12, exercise.slug
        phone_page.goto(url)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, exercise.slug
        phone = phone_page.evaluate(MEASURE_PICTURES)
        assert min(phone["frames"]) >= 300 and min(phone["drawings"]) >= 300, exercise.slug
        lefts = phone_page.evaluate(
            "[...document.querySelectorAll('.frames .frame')].map(f => f.offsetLeft)"
        )
        assert len(set(lefts)) == 1, exercise.slug  # one frame per row
        assert min(phone_page.evaluate(LABEL_SIZES)) >= 12, exercise.slug
    screenshot(page, "exercise-1280")
    screenshot(phone_page, "exercise-375")


def strip_state(page):
    return page.evaluate(
        "getComputedStyle(document.querySelector('.motion__strip')).animationPlayState"
    )


def test_the_animation_runs_through_every_frame_and_the_pause_control_stops_it(site, page):
    page.emulate_media(reduced_motion="no-preference")
    page.goto(site.url + "/exercises/hip-circles/")
    motion = page.locator(".motion")
    assert motion.is_visible()
    frames = page.locator("figure.frame svg.figure")
    strip = page.locator(".motion__strip svg.figure")
    count = Exercise.objects.get(slug="hip-circles").frames.count()
    assert strip.count() == count == 3  # every frame, in order (CSS plays them back again)
    crop = frames.first.get_attribute("viewBox")
    assert {strip.nth(n).get_attribute("viewBox") for n in range(count)} == {crop}
    # The same size as a frame: no separate, bigger, emptier box.
    width = page.locator("figure.frame").first.bounding_box()["width"]
    assert motion.bounding_box()["width"] == pytest.approx(width, abs=1)
    assert strip_state(page) == "running"
    animation = page.evaluate(
        "(s => [s.animationDirection, s.animationIterationCount, s.animationTimingFunction])"
        "(getComputedStyle(document.querySelector('.motion__strip')))"
    )
    assert animation == ["alternate", "infinite", "steps(3, jump-none)"]  # in order and back
    page.get_by_label("Pause the animation").check()
    assert strip_state(page) == "paused"
    page.keyboard.press("Space")  # the checkbox keeps focus: Space resumes it
    assert strip_state(page) == "running"


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


def test_the_admin_draws_a_frame_added_with_add_another_before_it_is_saved(site, page, axe):
    """The preview beside the pose is the frame as readers will see it, for a new frame too;
    a pose through the floor is refused in plain words."""
    User.objects.create_superuser("editor", "editor@example.org", "calm-teal-hips-42")
    page.goto(f"{site.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("calm-teal-hips-42")
    page.get_by_role("button", name="Log in").click()
    bridge = Exercise.objects.get(slug="glute-bridge")
    page.goto(f"{site.url}/admin/education/exercise/{bridge.pk}/change/")
    saved = page.locator(".pose-preview svg.figure").first
    expect(saved).to_be_visible()
    page.get_by_role("button", name=re.compile("Add another Frame")).click()
    page.locator("input[name='frames-2-order']").fill("3")  # after the two saved frames
    new_pose = page.locator("textarea[name='frames-2-pose']")
    new_pose.fill(
        '{"posture": "lying-back", "props": ["floor", "mat"], "angles": {"hip_left": 45}}'
    )
    preview = page.locator("#frames-2 .pose-preview")
    expect(preview.locator("svg.figure")).to_be_visible()
    # Laid out with the saved frames: their crop, and the arrow for the movement into it.
    expect(preview.locator(".motion-arrow")).to_have_count(1)
    assert preview.locator("svg").get_attribute("viewBox") != saved.get_attribute("viewBox")
    new_pose.fill('{"posture": "lying-back", "angles": {"hip_right": -30}}')
    expect(preview.locator(".errornote")).to_have_text(
        re.compile("The right knee would go through the floor")
    )
    # Each preview draws its own shapes: no id twice on the page (<use> takes the first).
    ids = page.evaluate("[...document.querySelectorAll('.pose-preview [id]')].map(e => e.id)")
    assert ids and len(ids) == len(set(ids))
    assert page.problems.console_errors == [] and page.problems.csp_violations() == []
    assert axe_violations(axe, page, {"include": [[".pose-preview"]]}) == []
