"""The self-test wizard over HTTP: every page both ways (full and htmx), and bad input."""

import datetime
import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from education.models import Choice, SelfTest, SelfTestTally
from education.views.selftest import STATE_KEY, TOKEN_SALT

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def test(make_selftest):
    return make_selftest()


def url(test, name, *args):
    return reverse(f"education:selftest-{name}", args=[test.slug, *args])


def step_url(test, number):
    return url(test, "step", number)


def choice(test, step_title, label):
    return Choice.objects.get(step__self_test=test, step__title=step_title, label=label).pk


# What a browser says of a form sent from the site's own start page.
SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def begin(client, test):
    return client.post(url(test, "begin"), **SAME_SITE)


def answer(client, test, number, value, **extra):
    return client.post(step_url(test, number), {"answer": value}, **extra)


def answer_all(client, test, squeezes="Several"):
    begin(client, test)
    answer(client, test, 1, choice(test, "Any emergency signs?", "No"))
    answer(client, test, 2, choice(test, "Any urgent signs?", "No"))
    answer(client, test, 3, "done")
    answer(client, test, 4, choice(test, "How many squeezes?", squeezes))
    return answer(client, test, 5, choice(test, "How long do you sit?", "Long"))


def stored_answers(client, test):
    return client.session.get(STATE_KEY.format(pk=test.pk), {}).get("answers")


def tallies(test):
    return dict(SelfTestTally.objects.filter(self_test=test).values_list("event", "count"))


# Start


def test_start_page_explains_time_safety_and_privacy(client, test):
    html = client.get(reverse("education:selftest-index")).content.decode()
    assert "<h1>Check check</h1>" in html
    assert "Takes about 5 minutes · 5 short steps" in html
    assert "Hold a rail." in html and "We keep nothing." in html
    assert f'action="{url(test, "begin")}"' in html


def test_no_published_test_is_404(client, make_selftest):
    make_selftest(status=SelfTest.Status.DRAFT)
    assert client.get(reverse("education:selftest-index")).status_code == 404


def test_drafts_are_404_for_readers_and_open_for_editors(client, admin_client, make_selftest):
    draft = make_selftest(slug="draft", status=SelfTest.Status.DRAFT)
    assert client.get(url(draft, "start")).status_code == 404
    assert client.post(url(draft, "begin"), **SAME_SITE).status_code == 404
    html = admin_client.get(url(draft, "start")).content.decode()
    assert "Only editors can see this self-test" in html
    assert begin(admin_client, draft).status_code == 303


def test_begin_counts_a_start_and_goes_to_step_one(client, test):
    response = begin(client, test)
    assert response.status_code == 303
    assert response["Location"] == step_url(test, 1)
    assert tallies(test) == {"start": 1}
    assert stored_answers(client, test) == {}


# One step, both ways


def test_step_full_page_has_question_as_h1_back_link_count_and_red_flags(client, test):
    begin(client, test)
    response = client.get(step_url(test, 1))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and 'id="wizard"' in html
    assert re.search(r"<h1[^>]*>Any emergency signs\?</h1>", html)
    assert "Step 1 of 5" in html
    assert "<li>chest pain</li>" in html and "a fever" not in html
    assert html.index('class="back-link"') < html.index("<main")
    assert f'<a class="back-link" href="{url(test, "start")}">Back</a>' in html
    assert "HX-Request" in response["Vary"]


def test_step_htmx_partial_has_title_step_and_out_of_band_back_link(client, test):
    begin(client, test)
    answer(client, test, 1, choice(test, "Any emergency signs?", "No"))
    response = client.get(step_url(test, 2), **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<main" not in html and 'id="wizard"' not in html
    assert "<title>Any urgent signs? · Check check · GluteSite</title>" in html
    assert 'hx-post="/self-test/check/step/2/"' in html and 'hx-target="#wizard"' in html
    back_link = f'<a class="back-link" href="{step_url(test, 1)}">Back</a>'
    assert f'id="back-link" class="back-link-row" hx-swap-oob="true">{back_link}' in html
    assert len(html) < len(client.get(step_url(test, 2)).content) / 2


def test_a_history_restore_gets_the_whole_page(client, test):
    begin(client, test)
    html = client.get(step_url(test, 1), **HX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in html.content.decode()


def test_the_chosen_answer_is_selected_when_coming_back(client, test):
    begin(client, test)
    yes = choice(test, "Any urgent signs?", "No")
    answer(client, test, 1, choice(test, "Any emergency signs?", "No"))
    answer(client, test, 2, yes)
    html = client.get(step_url(test, 2)).content.decode()
    assert f'value="{yes}" checked' in html


@pytest.mark.parametrize("extra", [{}, HX])
def test_a_missing_answer_shows_the_error_and_keeps_everything(client, test, extra):
    begin(client, test)
    no = choice(test, "Any emergency signs?", "No")
    answer(client, test, 1, no)
    response = client.post(step_url(test, 2), {}, **extra)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Select one answer to continue" in html
    assert "<title>Error: Any urgent signs? · Check check · GluteSite</title>" in html
    assert 'class="error-summary" role="region" tabindex="-1" data-focus-after-swap' in html
    assert f'href="#answer-{choice(test, "Any urgent signs?", "Yes")}"' in html
    assert stored_answers(client, test) == {"1": no}
    if extra:
        assert response["HX-Push-Url"] == "false"


@pytest.mark.parametrize(
    "value", ["abc", "-1", "1e3", "9" * 40, "", " ", "done", "x" * 100_000, "1;DROP TABLE"]
)
def test_malformed_answers_are_refused_without_error(client, test, value):
    begin(client, test)
    response = answer(client, test, 1, value)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert stored_answers(client, test) == {}


def test_a_choice_from_another_step_or_test_is_refused(client, test, make_selftest):
    other = make_selftest(slug="other")
    begin(client, test)
    for wrong in (
        choice(test, "Any urgent signs?", "No"),
        choice(other, "Any emergency signs?", "No"),
    ):
        assert "There is a problem" in answer(client, test, 1, wrong).content.decode()
    assert stored_answers(client, test) == {}


def test_a_step_can_show_a_drawing_with_alt_text(client, test):
    step = test.steps.get(title="Get ready")
    step.pose = {"posture": "standing", "angles": {"knee_left": 35}, "props": ["step"]}
    step.pose_alt = "Standing on one leg by a railing."
    step.save()
    begin(client, test)
    answer(client, test, 1, choice(test, "Any emergency signs?", "No"))
    answer(client, test, 2, choice(test, "Any urgent signs?", "No"))
    html = client.get(step_url(test, 3)).content.decode()
    assert '<div class="step-illustration"><svg' in html
    assert 'aria-label="Standing on one leg by a railing."' in html


def test_an_instruction_step_only_accepts_continue(client, test):
    begin(client, test)
    answer(client, test, 1, choice(test, "Any emergency signs?", "No"))
    answer(client, test, 2, choice(test, "Any urgent signs?", "No"))
    assert "Use the Continue button" in answer(client, test, 3, "yes").content.decode()
    assert answer(client, test, 3, "done")["Location"] == step_url(test, 4)


# Moving through the steps


@pytest.mark.parametrize("extra", [{}, HX])
def test_a_valid_answer_redirects_303_to_the_next_step(client, test, extra):
    begin(client, test)
    response = answer(client, test, 1, choice(test, "Any emergency signs?", "No"), **extra)
    assert response.status_code == 303
    assert response["Location"] == step_url(test, 2)


def test_skipping_ahead_by_url_goes_to_the_first_unanswered_step(client, test):
    begin(client, test)
    answer(client, test, 1, choice(test, "Any emergency signs?", "No"))
    for method in (client.get, client.post):
        response = method(step_url(test, 4))
        assert response.status_code == 303 and response["Location"] == step_url(test, 2)


@pytest.mark.parametrize("number", [0, 6, 99, 10**30])
def test_unknown_step_numbers_are_404(client, test, number):
    begin(client, test)
    assert client.get(f"/self-test/{test.slug}/step/{number}/").status_code == 404


@pytest.mark.parametrize(
    "path", ["/self-test/nope/", "/self-test/nope/step/1/", "/self-test/check/step/x/"]
)
def test_unknown_slugs_and_odd_paths_are_404(client, test, path):
    assert client.get(path).status_code == 404


def test_an_urgent_answer_skips_the_physical_checks_and_hides_the_count(client, test):
    begin(client, test)
    answer(client, test, 1, choice(test, "Any emergency signs?", "No"))
    response = answer(client, test, 2, choice(test, "Any urgent signs?", "Yes"))
    assert response["Location"] == step_url(test, 5)
    assert client.get(step_url(test, 3))["Location"] == step_url(test, 5)
    html = client.get(step_url(test, 5)).content.decode()
    assert "Step 5 of" not in html
    assert f'href="{step_url(test, 2)}">Back</a>' in html


@pytest.mark.parametrize("extra", [{}, HX])
def test_an_emergency_answer_stops_at_once_and_forgets_the_answers(client, test, extra):
    begin(client, test)
    response = answer(client, test, 1, choice(test, "Any emergency signs?", "Yes"), **extra)
    emergency = url(test, "emergency")
    if extra:
        assert response["HX-Redirect"] == emergency
    else:
        assert response.status_code == 303 and response["Location"] == emergency
    assert stored_answers(client, test) is None
    emergency_outcome = test.outcomes.get(flag="emergency")
    assert tallies(test)[f"outcome:{emergency_outcome.pk}"] == 1
    html = client.get(emergency).content.decode()
    assert "<h1>Get help now</h1>" in html and "We have stopped the self-test here" in html


def test_each_step_is_counted_once_per_attempt(client, test):
    begin(client, test)
    for _ in range(3):
        client.get(step_url(test, 1))
    assert tallies(test) == {"start": 1, "step:1": 1}
    begin(client, test)
    client.get(step_url(test, 1))
    assert tallies(test) == {"start": 2, "step:1": 2}


# Check your answers and the result


def test_the_last_answer_leads_to_check_your_answers_with_change_links(client, test):
    assert answer_all(client, test)["Location"] == url(test, "check")
    html = client.get(url(test, "check")).content.decode()
    assert '<h1 tabindex="-1" data-focus-after-swap>Check your answers</h1>' in html
    assert '<dd class="summary-list__value">Several</dd>' in html
    assert f'href="{step_url(test, 4)}?return=check">Change' in html


def test_check_page_as_htmx_partial(client, test):
    answer_all(client, test)
    html = client.get(url(test, "check"), **HX).content.decode()
    assert "<title>Check your answers · Check check · GluteSite</title>" in html
    assert "<html" not in html


def test_a_change_returns_to_check_your_answers(client, test):
    answer_all(client, test)
    one = choice(test, "How many squeezes?", "One")
    html = client.get(step_url(test, 4) + "?return=check").content.decode()
    assert 'action="/self-test/check/step/4/?return=check"' in html
    response = client.post(step_url(test, 4) + "?return=check", {"answer": one})
    assert response["Location"] == url(test, "check")


def test_check_page_before_finishing_goes_to_the_first_unanswered_step(client, test):
    begin(client, test)
    assert client.get(url(test, "check"))["Location"] == step_url(test, 1)


def finish(client, test):
    response = client.post(url(test, "check"))
    assert response.status_code == 303
    return response["Location"]


def test_result_is_tailored_and_the_answers_are_deleted(client, test):
    answer_all(client, test, squeezes="Several")
    result = finish(client, test)
    assert stored_answers(client, test) is None
    html = client.get(result).content.decode()
    assert "<h1>Under-active</h1>" in html
    assert "Try the activation exercises." in html
    assert "When to see a doctor of chiropractic" in html
    assert "This is not a diagnosis." in html
    outcome = test.outcomes.get(title="Under-active")
    assert tallies(test)[f"outcome:{outcome.pk}"] == 1


def test_result_token_holds_only_the_outcome_noted_answers_and_the_day(client, test):
    answer_all(client, test, squeezes="Several")
    token = finish(client, test).rstrip("/").rsplit("/", 1)[1]
    data = signing.loads(token, salt=TOKEN_SALT)
    assert data == {
        "o": test.outcomes.get(title="Under-active").pk,
        "c": [
            choice(test, "How many squeezes?", "Several"),
            choice(test, "How long do you sit?", "Long"),
        ],
        "d": timezone.localdate().isoformat(),
    }


def test_a_result_can_be_bookmarked_and_shared(client, test):
    answer_all(client, test, squeezes="One")
    result = finish(client, test)
    response = Client().get(result)
    assert response.status_code == 200
    assert "<h1>All fine</h1>" in response.content.decode()


def assert_no_movement_advice(html):
    assert "March in place" not in html  # the sitting answer's note
    assert "Exercises to try" not in html
    assert "When to see a doctor of chiropractic" not in html


def test_an_urgent_result_says_see_a_doctor_soon_and_gives_no_movement_advice(client, test):
    begin(client, test)
    answer(client, test, 1, choice(test, "Any emergency signs?", "No"))
    answer(client, test, 2, choice(test, "Any urgent signs?", "Yes"))
    answer(client, test, 5, choice(test, "How long do you sit?", "Long"))
    html = client.get(finish(client, test)).content.decode()
    assert "<h1>See a doctor soon</h1>" in html
    assert_no_movement_advice(html)


def test_a_check_that_hurt_stops_the_checks_and_is_never_reassured(client, test):
    begin(client, test)
    answer(client, test, 1, choice(test, "Any emergency signs?", "No"))
    answer(client, test, 2, choice(test, "Any urgent signs?", "No"))
    answer(client, test, 3, "done")
    response = answer(client, test, 4, choice(test, "How many squeezes?", "It hurt"))
    assert response["Location"] == step_url(test, 5)  # no further physical check
    answer(client, test, 5, choice(test, "How long do you sit?", "Long"))
    html = client.get(finish(client, test)).content.decode()
    assert "<h1>A check hurt</h1>" in html
    assert "All fine" not in html
    assert_no_movement_advice(html)
    assert "Take the self-test again" not in html  # the checks hurt: not an invitation to redo


def test_a_forged_token_cannot_add_advice_to_an_urgent_result(client, test):
    urgent = test.outcomes.get(flag="urgent")
    noted = choice(test, "How long do you sit?", "Long")
    token = signing.dumps({"o": urgent.pk, "c": [noted]}, salt=TOKEN_SALT, compress=True)
    html = client.get(url(test, "result", token)).content.decode()
    assert "<h1>See a doctor soon</h1>" in html
    assert_no_movement_advice(html)


def forged(test, payload):
    return url(test, "result", signing.dumps(payload, salt="not-ours"))


@pytest.mark.parametrize(
    "token",
    ["nonsense", "eyJvIjoxfQ:1xWBux:forged", "a" * 5000, "%00", "..", "e30"],
)
def test_forged_or_broken_tokens_get_a_clear_400(client, test, token):
    response = client.get(f"/self-test/{test.slug}/result/{token}/")
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        html = response.content.decode()
        assert "This result link is not valid" in html and "Start again" in html


def test_truncated_tampered_and_foreign_tokens_get_400(client, test, make_selftest):
    answer_all(client, test)
    result = finish(client, test)
    other = make_selftest(slug="other")
    other_outcome = other.outcomes.first().pk
    bad = [
        result[:-10] + "/",
        result.replace("/result/", "/result/x"),
        forged(test, {"o": test.outcomes.first().pk, "c": []}),
        url(test, "result", signing.dumps({"o": other_outcome, "c": []}, salt=TOKEN_SALT)),
        url(test, "result", signing.dumps({"o": "x", "c": "y"}, salt=TOKEN_SALT)),
        url(test, "result", signing.dumps([1, 2], salt=TOKEN_SALT)),
    ]
    for link in bad:
        response = client.get(link)
        assert response.status_code == 400, link
        assert "This result link is not valid" in response.content.decode()


# Sessions, CSRF, double submits and methods


def test_an_expired_session_restarts_politely(client, test):
    begin(client, test)
    session = client.session
    state = session[STATE_KEY.format(pk=test.pk)]
    state["touched"] = (timezone.now() - datetime.timedelta(hours=2)).isoformat()
    session[STATE_KEY.format(pk=test.pk)] = state
    session.save()
    response = answer(client, test, 1, choice(test, "Any emergency signs?", "No"))
    assert response.status_code == 303
    assert response["Location"] == url(test, "start") + "?expired"
    html = client.get(response["Location"]).content.decode()
    assert "we clear them after an hour without activity" in html


@pytest.mark.parametrize("extra", [{}, HX])
def test_answering_without_a_session_restarts_politely(test, extra):
    response = answer(Client(), test, 2, "1", **extra)
    if extra:
        assert response["HX-Redirect"] == url(test, "start") + "?expired"
    else:
        assert response.status_code == 303
        assert response["Location"] == url(test, "start") + "?expired"


@pytest.mark.parametrize(
    "headers",
    [
        {},  # a browser always says where a form comes from
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},  # another site on the same domain
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
    ],
)
def test_the_start_form_refuses_posts_from_other_sites(test, headers):
    """The start page is shared by every reader, so its form has no CSRF token: the browser's
    Sec-Fetch-Site or Origin says where the form was."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(url(test, "begin"), **headers)
    assert response.status_code == 403
    assert "only accept forms sent from this site" in response.content.decode()
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize("headers", [SAME_SITE, {"HTTP_ORIGIN": "http://testserver"}])
def test_the_start_form_works_from_the_site_itself_without_a_token(test, headers):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url(test, "begin"), **headers).status_code == 303


def test_a_double_submit_of_check_shows_the_same_result_and_counts_once(client, test):
    answer_all(client, test)
    result = finish(client, test)
    second = client.post(url(test, "check"))
    assert second["Location"] == result
    assert sum(count for event, count in tallies(test).items() if event.startswith("outcome")) == 1


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("put", "step", [1]),
        ("delete", "check", []),
        ("post", "start", []),
        ("get", "begin", []),
        ("post", "emergency", []),
        ("post", "result", ["abc"]),
    ],
)
def test_wrong_methods_get_a_clear_405(client, test, method, name, args):
    response = getattr(client, method)(url(test, name, *args))
    assert response.status_code == 405
    assert "This page cannot be used that way" in response.content.decode()


# Privacy and speed


def test_counts_hold_no_personal_data(client, test):
    answer_all(client, test)
    finish(client, test)
    fields = {field.name for field in SelfTestTally._meta.get_fields()}
    assert fields == {"id", "self_test", "day", "event", "count"}
    events = set(SelfTestTally.objects.values_list("event", flat=True))
    assert all(re.fullmatch(r"start|step:\d+|outcome:\d+", event) for event in events)


def test_answers_expire_with_the_session_after_an_hour_idle(client, test):
    begin(client, test)
    assert 3500 < client.session.get_expiry_age() <= 3600


def test_pages_showing_answers_are_never_cached(client, test):
    begin(client, test)
    assert "no-store" in client.get(step_url(test, 1))["Cache-Control"]


def test_editors_trying_a_test_are_not_counted(admin_client, test):
    begin(admin_client, test)
    admin_client.get(step_url(test, 1))
    assert tallies(test) == {}


def test_a_question_still_without_choices_is_left_out(client, test):
    from education.models import Step

    Step.objects.create(self_test=test, order=2, title="Unfinished question", kind="question")
    begin(client, test)
    answer(client, test, 1, choice(test, "Any emergency signs?", "No"))
    response = answer(client, test, 2, choice(test, "Any urgent signs?", "No"))
    html = client.get(response["Location"]).content.decode()
    assert "Unfinished question" not in html


def test_a_step_takes_a_constant_number_of_queries(client, test, django_assert_num_queries):
    begin(client, test)
    client.get(step_url(test, 1))  # the first visit also counts the step
    with django_assert_num_queries(6):  # session, test, steps, choices, outcomes, red flags
        assert client.get(step_url(test, 1)).status_code == 200
