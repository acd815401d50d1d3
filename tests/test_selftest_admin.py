import pytest
from django.urls import reverse
from reversion.models import Version

from education.models import SelfTestTally, Step
from tests.forms import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def test(make_selftest):
    return make_selftest()


def change_form(admin_client, url, form_id):
    return form_values(admin_client.get(url).content.decode(), form_id, press="_publish")


def test_saving_a_self_test_unchanged_works_and_records_a_version(admin_client, test):
    url = reverse("admin:education_selftest_change", args=[test.pk])
    response = admin_client.post(url, change_form(admin_client, url, "selftest_form"))
    assert response.status_code == 302
    assert Version.objects.get_for_object(test).count() == 1
    revision = Version.objects.get_for_object(test).get().revision
    saved = {version.content_type.model for version in revision.version_set.all()}
    assert saved == {"selftest", "step", "choice", "outcome"}


def test_outcomes_with_a_gap_are_refused_with_a_clear_message(admin_client, test):
    url = reverse("admin:education_selftest_change", args=[test.pk])
    data = change_form(admin_client, url, "selftest_form")
    under_active = next(k for k, v in data.items() if v == "Under-active").replace("title", "")
    data[under_active + "min_score"] = "3"
    html = admin_client.post(url, data).content.decode()
    assert "No outcome covers a total score of 2." in html
    assert test.outcomes.get(title="Under-active").min_score == 2


def test_deleting_the_emergency_outcome_is_refused(admin_client, test):
    url = reverse("admin:education_selftest_change", args=[test.pk])
    data = change_form(admin_client, url, "selftest_form")
    emergency = next(k for k, v in data.items() if v == "Get help now").replace("title", "")
    data[emergency + "DELETE"] = "on"
    html = admin_client.post(url, data).content.decode()
    assert "A choice raises the emergency flag, but there is no emergency outcome." in html
    assert test.outcomes.filter(flag="emergency").exists()


def step_form(admin_client, step):
    url = reverse("admin:education_step_change", args=[step.pk])
    return url, change_form(admin_client, url, "step_form")


def test_a_question_needs_two_choices(admin_client, test):
    step = Step.objects.get(title="How long do you sit?")
    url, data = step_form(admin_client, step)
    data["choices-1-DELETE"] = "on"
    html = admin_client.post(url, data).content.decode()
    assert "A question needs at least two choices." in html
    assert step.choices.count() == 2


def test_a_new_score_that_no_outcome_covers_is_refused(admin_client, test):
    step = Step.objects.get(title="How long do you sit?")
    url, data = step_form(admin_client, step)
    data["choices-1-score"] = "5"
    html = admin_client.post(url, data).content.decode()
    assert "No outcome covers a total score of 5, 7." in html.replace(" or ", ", ")
    assert step.choices.get(label="Long").score == 1


def test_changing_a_choice_within_the_ranges_saves_with_history(admin_client, test):
    step = Step.objects.get(title="How long do you sit?")
    url, data = step_form(admin_client, step)
    data["choices-1-label"] = "More than two hours"
    assert admin_client.post(url, data).status_code == 302
    assert step.choices.filter(label="More than two hours").exists()
    assert Version.objects.get_for_object(step).count() == 1


def test_an_instruction_step_cannot_have_choices(admin_client, test):
    step = Step.objects.get(title="How long do you sit?")
    url, data = step_form(admin_client, step)
    data["kind"] = "instruction"
    html = admin_client.post(url, data).content.decode()
    assert "An instruction step has no choices" in html


def test_the_funnel_shows_anonymous_counts(admin_client, client, test):
    for event, count in [("start", 4), ("step:1", 3), (f"outcome:{test.outcomes.first().pk}", 1)]:
        for _ in range(count):
            SelfTestTally.record(test, event)
    url = reverse("admin:education_selftest_funnel", args=[test.pk])
    html = admin_client.get(url).content.decode()
    assert '<th scope="row">Started</th>\n        <td>4</td>' in html
    assert "Step 1: Any emergency signs?</th>\n        <td>3</td>" in html
    assert "Result: All fine</th>\n        <td>1</td>" in html
    assert client.get(url).status_code == 302  # readers are sent to the login page
    change = admin_client.get(reverse("admin:education_selftest_change", args=[test.pk]))
    assert url in change.content.decode()


def test_the_funnel_of_an_unknown_test_is_404(admin_client, test):
    assert admin_client.get(f"/admin/education/selftest/{test.pk + 99}/funnel/").status_code == 404
    assert admin_client.get("/admin/education/selftest/abc/funnel/").status_code in (302, 404)


def test_tallies_cannot_be_typed_in(admin_client, test):
    assert admin_client.get(reverse("admin:education_selftesttally_add")).status_code == 403


def test_red_flags_are_one_editable_list(admin_client, test):
    html = admin_client.get(reverse("admin:education_redflag_changelist")).content.decode()
    assert "chest pain" in html and "a fever" in html


def test_a_step_drawing_needs_a_valid_pose_and_alt_text(admin_client, test):
    step = Step.objects.get(title="Get ready")
    url, data = step_form(admin_client, step)
    data["pose"] = '{"posture": "standing", "angles": {"knee_left": 500}}'
    html = admin_client.post(url, data).content.decode()
    assert "Knee (left) must be between" in html
    data["pose"] = '{"posture": "standing"}'
    html = admin_client.post(url, data).content.decode()
    assert "Describe the drawing for people who cannot see it." in html
    data["pose_alt"] = "Standing by a railing."
    assert admin_client.post(url, data).status_code == 302
    step.refresh_from_db()
    assert step.pose == {"posture": "standing"}


# The safety rules (education/selftest_engine.py): an edit that would break one is refused.


def test_an_answer_that_says_it_hurt_must_raise_a_flag(admin_client, test):
    step = Step.objects.get(title="How many squeezes?")
    url, data = step_form(admin_client, step)
    data["choices-0-label"] = "It hurt a bit"
    html = admin_client.post(url, data).content.decode()
    assert "the answer &quot;It hurt a bit&quot; says something hurt" in html
    assert not step.choices.filter(label="It hurt a bit").exists()


def test_a_physical_check_keeps_its_pain_answer(admin_client, test):
    step = Step.objects.get(title="How many squeezes?")
    url, data = step_form(admin_client, step)
    pain = next(k for k, v in data.items() if v == "It hurt").replace("label", "")
    data[pain + "DELETE"] = "on"
    html = admin_client.post(url, data).content.decode()
    assert "Step 4 is a physical check: give it an answer such as" in html
    assert step.choices.filter(flag="pain").exists()


def test_an_urgent_outcome_cannot_suggest_exercises(admin_client, test, make_exercise):
    exercise = make_exercise()
    url = reverse("admin:education_selftest_change", args=[test.pk])
    data = change_form(admin_client, url, "selftest_form")
    urgent = next(k for k, v in data.items() if v == "See a doctor soon").replace("title", "")
    data[urgent + "exercises"] = str(exercise.pk)
    html = admin_client.post(url, data).content.decode()
    assert "The outcome &quot;See a doctor soon&quot; is for urgent answers" in html
    assert not test.outcomes.get(flag="urgent").exercises.exists()


def test_a_physical_check_cannot_move_before_the_warning_signs(admin_client, test):
    url = reverse("admin:education_selftest_change", args=[test.pk])
    data = change_form(admin_client, url, "selftest_form")
    ready = next(k for k, v in data.items() if v == "Get ready").replace("title", "")
    data[ready + "order"] = "0"
    html = admin_client.post(url, data).content.decode()
    assert "Step 1 is a physical check, but the warning signs are only asked at step 2" in html
    assert Step.objects.get(title="Get ready").order == 3
