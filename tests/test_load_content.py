import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from education.models import AboutPage, Article, ArticlePage, Reference

pytestmark = pytest.mark.django_db


def load(*args, **kwargs):
    call_command("load_content", *args, verbosity=0, **kwargs)


def test_loads_the_article_in_five_to_seven_pages_with_references_and_about():
    load()
    article = Article.objects.published().get()
    assert 5 <= article.pages.count() <= 7
    assert Reference.objects.count() == 7
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
