from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from education import loading
from education.models import (
    AboutPage,
    Article,
    ArticlePage,
    Exercise,
    RedFlag,
    Reference,
    SelfTest,
)
from education.selftest_engine import coverage_problems

pytestmark = pytest.mark.django_db
PREVIOUS_RELEASE = Path(__file__).parent / "fixtures" / "release-2026-11-25"


def load(*args, **kwargs):
    call_command("load_content", *args, verbosity=0, **kwargs)


def test_loads_the_article_in_five_to_seven_pages_with_references_and_about():
    load()
    article = Article.objects.published().get()
    assert 5 <= article.pages.count() <= 7
    assert Reference.objects.count() == 9
    assert all(page.body_html.strip() for page in article.pages.all())
    assert ArticlePage.objects.filter(references__isnull=False).exists()
    assert AboutPage.objects.published().get().contact_email


def test_names_no_person_and_shows_clinical_review_pending():
    load()
    for item in (Article.objects.get(), AboutPage.objects.get()):
        assert item.author == "GluteSite editorial team"
        assert item.reviewer == ""


def test_quotes_the_pledge_exactly():
    load()
    pledge = (
        "To the best of my ability, I agree to provide my patients convenient, affordable, and "
        "mainstream Chiropractic care. I will not use unnecessary long-term treatment plans "
        "and/or therapies."
    )
    assert any(pledge in " ".join(page.body.split()) for page in ArticlePage.objects.all())


def test_running_twice_creates_nothing_new_and_keeps_editors_changes():
    load()
    page = ArticlePage.objects.first()
    page.body = "An editor rewrote this."
    page.save()
    counts = (Article.objects.count(), ArticlePage.objects.count(), Reference.objects.count())
    load()
    assert (
        Article.objects.count(),
        ArticlePage.objects.count(),
        Reference.objects.count(),
    ) == counts
    page.refresh_from_db()
    assert page.body == "An editor rewrote this."


def test_reset_overwrites_after_confirmation_and_can_be_reverted(monkeypatch):
    load()
    page = ArticlePage.objects.first()
    page.body = "An editor rewrote this."
    page.save()
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    load("--reset")
    assert not ArticlePage.objects.filter(body="An editor rewrote this.").exists()
    assert Version.objects.get_for_model(Article).count() == 2  # the load and the reset


def test_reset_without_confirmation_changes_nothing(monkeypatch):
    load()
    Article.objects.update(title="Edited title")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        load("--reset")
    assert Article.objects.get().title == "Edited title"


def test_loads_every_exercise_the_article_names_fully_filled():
    from education.models import Exercise

    load()
    slugs = set(Exercise.objects.published().values_list("slug", flat=True))
    assert slugs == {
        "glute-taps", "marching-in-place", "hip-circles", "squat", "clamshell", "hip-thrust",
        "side-plank", "split-squat", "single-leg-glute-bridge", "glute-bridge",
        "hamstring-stretch",
    }  # fmt: skip
    for exercise in Exercise.objects.all():
        assert exercise.frames.count() >= 2, exercise.slug
        assert exercise.steps.exists() and exercise.mistakes.exists(), exercise.slug
        assert exercise.primary_muscles.exists() and exercise.article_pages.exists(), exercise.slug
        assert all(frame.svg() for frame in exercise.frames.all()), exercise.slug
        for field in ("summary", "feel_it", "not_feel_it", "frequency", "when_to_stop_html"):
            assert getattr(exercise, field), (exercise.slug, field)
    assert Exercise.objects.get(slug="single-leg-glute-bridge").easier.slug == "glute-bridge"


def test_the_glute_page_shows_the_muscle_map_and_outcomes_suggest_exercises(client):
    from education.models import Outcome

    load()
    page = ArticlePage.objects.get(slug="meet-your-glutes")
    html = client.get(page.get_absolute_url()).content.decode()
    assert 'id="glute-map-gluteus-medius"' in html
    assert Outcome.objects.filter(exercises__isnull=False).distinct().count() == 3


def run_loader(**kwargs) -> loading.Report:
    return loading.Loader(**kwargs).run()


def test_a_second_run_writes_nothing():
    load()
    report = run_loader()
    assert (report.created, report.updated, report.kept) == ([], [], [])


def test_a_value_an_earlier_release_loaded_is_brought_up_to_date():
    load()
    page = ArticlePage.objects.get(slug="meet-your-glutes")
    file_body = page.body
    page.body = "The text as an earlier release had it."
    page.save()
    released = loading.load_released(loading.CONTENT_DIR)
    key = "page:glute-weakness-and-low-back-pain/meet-your-glutes"
    released[key]["body"].append(loading.fingerprint(page.body))
    report = run_loader(released=released)
    page.refresh_from_db()
    assert page.body == file_body
    assert report.updated == [f"{key}: body"]


def test_an_editors_change_is_kept_field_by_field():
    load()
    exercise = Exercise.objects.get(slug="squat")
    exercise.feel_it = "An editor wrote this."
    exercise.save()
    report = run_loader()
    exercise.refresh_from_db()
    assert exercise.feel_it == "An editor wrote this."
    assert report.kept == ["exercise:squat: feel_it"]


def test_a_site_on_the_previous_release_gets_the_safe_self_test():
    """The previous release's self-test reassured readers in pain; its flow is replaced."""
    load()
    test = SelfTest.objects.get()
    kinds = loading.SelfTests(PREVIOUS_RELEASE)
    previous = next(kinds.items()).fields["flow"]
    kinds.write(test, {"flow": previous})
    test = SelfTest.objects.with_steps().get()
    assert coverage_problems(test.step_specs(), test.outcome_specs())  # unsafe, as shipped then

    load()
    test = SelfTest.objects.with_steps().get()
    assert coverage_problems(test.step_specs(), test.outcome_specs()) == []
    assert test.outcomes.filter(flag="pain").exists()


def test_content_an_editor_deleted_is_not_made_again_unless_reset(monkeypatch):
    load()
    Exercise.objects.get(slug="hip-circles").delete()
    assert run_loader().left_out == ["exercise:hip-circles"]
    assert not Exercise.objects.filter(slug="hip-circles").exists()
    run_loader(reset=True)
    assert Exercise.objects.filter(slug="hip-circles").exists()


def test_red_flags_new_in_a_release_join_an_existing_list():
    load()
    RedFlag.objects.filter(text__startswith="pain in your upper").delete()
    loading.LoadedContent.objects.filter(key="red-flag:upper-back").delete()  # not shipped then
    run_loader()
    assert RedFlag.objects.filter(text__startswith="pain in your upper", level="urgent").exists()


def test_released_file_records_every_value_of_this_release():
    """Run `manage.py load_content --record-release` after changing the content files, so that
    sites holding this release's values are brought up to date by the next one."""
    released = loading.load_released(loading.CONTENT_DIR)
    assert loading.Loader(released=released).record_release() == released


def test_warns_when_a_self_test_breaks_the_safety_rules(capsys):
    load()
    kinds = loading.SelfTests(PREVIOUS_RELEASE)
    kinds.write(SelfTest.objects.get(), {"flow": next(kinds.items()).fields["flow"]})
    SelfTest.objects.update(intro="An editor's intro.")  # the test is the editor's now
    test = SelfTest.objects.get()
    test.steps.first().choices.update(hint="An editor's hint.")
    call_command("load_content", verbosity=0)
    assert "needs an editor" in capsys.readouterr().err
