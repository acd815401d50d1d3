"""The 4-week home plan made from a self-test result: only for results that suggest exercises,
from the signed token alone, with nothing stored."""

import re

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from education.models import Choice, Exercise, SelfTest
from education.views.selftest import TOKEN_SALT

pytestmark = pytest.mark.django_db


@pytest.fixture
def test(db):
    call_command("load_content", verbosity=0)
    return SelfTest.objects.get()


def token_for(outcome, choices=(), day="2026-11-30"):
    data = {"o": outcome.pk, "c": [choice.pk for choice in choices]}
    return signing.dumps({**data, "d": day} if day else data, salt=TOKEN_SALT, compress=True)


def plan_url(test, token):
    return reverse("education:selftest-plan", args=[test.slug, token])


def test_a_result_with_exercises_links_to_its_plan(test):
    outcome = test.outcomes.get(min_score=4)
    token = token_for(outcome)
    html = Client().get(reverse("education:selftest-result", args=[test.slug, token])).content
    assert plan_url(test, token) in html.decode()


def test_the_plan_has_each_exercise_for_four_weeks_with_days_to_tick(test):
    outcome = test.outcomes.get(min_score=4)
    response = Client().get(plan_url(test, token_for(outcome)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "your result from 30 November 2026" in html and "Not a diagnosis." in html
    exercises = outcome.exercises.published()
    assert html.count('class="plan__exercise"') == exercises.count()
    bridge = Exercise.objects.get(slug="glute-bridge")
    for week in bridge.plan_weeks():
        assert week in html
    assert html.count('class="plan__tick"') == exercises.count() * 4 * 7
    assert "Call 911 (US and Canada)" in html  # when to stop, with the warning signs
    assert 'href="/reminders/?reminder=glute-taps"' in html
    assert "Too hard? Try glute bridge instead." in html  # the ladder, from the single-leg one


def test_a_week_left_empty_falls_back_to_the_dose():
    exercise = Exercise(sets=2, reps=10, frequency="once a day", week_1="1 set of 5")
    assert exercise.plan_weeks() == ["1 set of 5", *[exercise.dose] * 3]


@pytest.mark.parametrize("flag", ["pain", "urgent", "emergency"])
def test_results_that_say_see_someone_get_no_plan(test, flag):
    outcome = test.outcomes.get(flag=flag)
    assert Client().get(plan_url(test, token_for(outcome))).status_code == 404
    if flag != "emergency":
        result = reverse("education:selftest-result", args=[test.slug, token_for(outcome)])
        assert "4-week plan" not in Client().get(result).content.decode()


@pytest.mark.parametrize("token", ["nonsense", "a" * 5000, signing.dumps({"o": 1}, salt="x")])
def test_forged_tokens_get_a_400(test, token):
    assert Client().get(plan_url(test, token)).status_code == 400


def test_a_result_from_before_the_plan_has_no_date_but_still_a_plan(test):
    outcome = test.outcomes.get(min_score=2)
    html = Client().get(plan_url(test, token_for(outcome, day=None))).content.decode()
    assert "Your 4-week plan" in html and "your result from" not in html


def test_the_result_offers_reminders_when_its_advice_is_about_sitting(test):
    outcome = test.outcomes.get(min_score=0, flag="none")
    sitting = Choice.objects.filter(links_reminders=True)
    html = (
        Client()
        .get(
            reverse("education:selftest-result", args=[test.slug, token_for(outcome, sitting[:1])])
        )
        .content.decode()
    )
    assert re.search(r'href="/reminders/"[^>]*>Set stand-up reminders', html)
    plain = Client().get(reverse("education:selftest-result", args=[test.slug, token_for(outcome)]))
    assert "Set stand-up reminders" not in plain.content.decode()
