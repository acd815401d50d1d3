"""The Spanish edition over HTTP: every page at its Spanish address, the language switch and the
alternates, the translation's status and the English shown in place of a Spanish not ready, the
admin, search in Spanish, and the self-test across both languages."""

import re

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from education.models import Article, Choice, Exercise, Reference, SelfTest, Step
from tests.forms import form_values
from tests.readability import fernandez_huerta, main_text
from tests.test_content import result_url
from tests.test_selftest_views import SAME_SITE

pytestmark = pytest.mark.django_db
SPANISH_ADDRESSES = [
    "/es/",
    "/es/articulo/",
    "/es/articulo/debilidad-de-gluteos-y-dolor-lumbar/",
    "/es/articulo/debilidad-de-gluteos-y-dolor-lumbar/conozca-sus-gluteos/",
    "/es/ejercicios/",
    "/es/ejercicios/puente-de-gluteos/",
    "/es/autoevaluacion/",
    "/es/autoevaluacion/autoevaluacion-de-gluteos/",
    "/es/quiropractico/",
    "/es/acerca-de/",
    "/es/buscar/?q=gluteos",
    "/es/recordatorios/",
]
NOTICE = "Esta página todavía no está traducida al español"


@pytest.fixture
def loaded(db):
    call_command("load_content", verbosity=0)


def addresses_in(language: str) -> list[str]:
    """One page of each kind, at its address in `language`."""
    with translation.override(language):
        article = Article.objects.get()
        return [
            reverse("education:home"),
            reverse("education:article-list"),
            article.get_absolute_url(),
            article.pages.get(order=2).get_absolute_url(),
            reverse("education:exercise-list"),
            Exercise.objects.get(slug_en="glute-bridge").get_absolute_url(),
            reverse("education:selftest-index"),
            SelfTest.objects.get().get_absolute_url(),
            reverse("education:referral"),
            reverse("education:about"),
            reverse("education:search") + "?q=gluteos",
            reverse("education:reminders"),
        ]


def main_of(html: str) -> str:
    return re.search(r"<main.*</main>", html, re.S).group(0)


# Addresses, the switch and the alternates


def test_every_page_has_a_spanish_twin_with_spanish_words_in_its_address(loaded):
    assert addresses_in("es") == SPANISH_ADDRESSES
    assert addresses_in("en")[5] == "/exercises/glute-bridge/"  # English stays where it was


def test_each_page_and_its_twin_name_each_other(client, loaded):
    for english, spanish in zip(addresses_in("en"), addresses_in("es"), strict=True):
        english_html = client.get(english).content.decode()
        spanish_html = client.get(spanish).content.decode()
        assert '<html lang="en">' in english_html and '<html lang="es">' in spanish_html
        assert f'<a href="{spanish}" lang="es" hreflang="es">Español</a>' in english_html
        assert f'<a href="{english}" lang="en" hreflang="en">English</a>' in spanish_html
        for html in (english_html, spanish_html):
            assert f'hreflang="en" href="http://testserver{english}"' in html
            assert f'hreflang="es" href="http://testserver{spanish}"' in html
            assert f'hreflang="x-default" href="http://testserver{english}"' in html


def test_a_spanish_page_is_in_spanish_through_and_through(client, loaded):
    html = client.get("/es/ejercicios/puente-de-gluteos/").content.decode()
    assert "<h1>Puente de glúteos</h1>" in html
    assert "Acuéstese boca arriba" in html  # a step
    assert "<dt>Traducido al español por</dt><dd>Equipo editorial de GluteSite</dd>" in html
    assert "ningún profesional clínico de habla hispana ha revisado" in html
    assert "Lie on your back" not in html and NOTICE not in html


def test_the_editorial_team_is_named_in_the_readers_language(client, loaded):
    spanish = client.get(SPANISH_ADDRESSES[3]).content.decode()
    assert "<dt>Escrito por</dt><dd>Equipo editorial de GluteSite</dd>" in spanish
    assert "GluteSite editorial team" not in spanish  # nor in the data for search engines
    english = client.get(addresses_in("en")[3]).content.decode()
    assert "<dt>Written by</dt><dd>GluteSite editorial team</dd>" in english
    assert '"author": {"@type": "Organization", "name": "GluteSite editorial team"}' in english


def test_a_named_writer_and_translator_are_shown_as_written(client, loaded):
    article = Article.objects.get()
    article.author = article.spanish_translator = "Ana Ruiz"
    article.save()
    spanish = client.get(SPANISH_ADDRESSES[3]).content.decode()
    assert "<dt>Escrito por</dt><dd>Ana Ruiz</dd>" in spanish
    assert "<dt>Traducido al español por</dt><dd>Ana Ruiz</dd>" in spanish
    assert (
        "<dt>Written by</dt><dd>Ana Ruiz</dd>" in client.get(addresses_in("en")[3]).content.decode()
    )


def test_papers_are_cited_as_published_and_our_own_words_in_spanish(client, loaded):
    spanish = client.get(SPANISH_ADDRESSES[3]).content.decode()
    assert '<li lang="es">Glute weakness and low back pain (en inglés). Artículo para' in spanish
    assert '<li lang="en">Sadler S, Cassidy S' in spanish
    english = client.get(addresses_in("en")[3]).content.decode()
    assert '<li lang="en">Glute weakness and low back pain. Patient-education article' in english
    in_order = [re.findall(r'<li lang="\w\w">(.{12})', html) for html in (english, spanish)]
    assert in_order == [["Glute weakne", "Sadler S, Ca"]] * 2


def test_a_page_shown_in_english_cites_in_english(client, loaded):
    page = Article.objects.get().pages.get(order=2)
    page.body_en += "\nNew English words."
    page.save()
    html = client.get(SPANISH_ADDRESSES[3]).content.decode()
    assert NOTICE in html
    assert '<li lang="en">Glute weakness and low back pain. Patient-education article' in html


def test_an_editor_writes_a_citations_spanish_beside_its_english(admin_client, loaded):
    reference = Reference.objects.get(doi="", url="")
    url = reverse("admin:education_reference_change", args=[reference.pk])
    data = form_values(admin_client.get(url).content.decode(), "reference_form")
    assert data["citation"].startswith("Glute weakness and low back pain. Patient-education")
    assert data["citation_es"].startswith("Glute weakness and low back pain (en inglés).")
    data["citation_es"] = "Debilidad de los glúteos y dolor lumbar. Artículo para pacientes."
    assert admin_client.post(url, data).status_code == 302
    html = admin_client.get(SPANISH_ADDRESSES[3]).content.decode()
    assert '<li lang="es">Debilidad de los glúteos y dolor lumbar. Artículo para pacientes.' in html
    call_command("load_content", verbosity=0)  # the next release keeps the editor's words
    assert Reference.objects.get(pk=reference.pk).citation_es.startswith("Debilidad de los")


def test_an_english_slug_under_es_is_not_the_spanish_page(client, loaded):
    assert client.get("/es/ejercicios/glute-bridge/").status_code == 404
    page = client.get("/es/ejercicios/no-existe/")
    assert page.status_code == 404 and '<html lang="es">' in page.content.decode()


def test_the_pledge_is_quoted_in_english_with_our_translation_marked(client, loaded):
    html = client.get("/es/quiropractico/").content.decode()
    assert '<blockquote lang="en"><p>To the best of my ability, I agree' in html
    assert "Nuestra traducción, no es oficial:" in html
    assert "Hasta donde me sea posible" in html


def test_the_emergency_page_says_call_911_in_spanish(client, loaded):
    test = SelfTest.objects.get()
    client.post("/es/autoevaluacion/autoevaluacion-de-gluteos/empezar/", **SAME_SITE)
    first = test.numbered_steps()[1].choices.order_by("order").first()  # "Sí, tengo una o más"
    step = "/es/autoevaluacion/autoevaluacion-de-gluteos/paso/1/"
    location = client.post(step, {"answer": first.pk})["Location"]
    assert location == "/es/autoevaluacion/autoevaluacion-de-gluteos/emergencia/"
    html = client.get(location).content.decode()
    assert "911" in html and '<html lang="es">' in html


def test_every_spanish_page_of_the_site_reads_at_grade_8_or_easier(client, loaded):
    """Fernández Huerta 60 or more ("fairly easy"), about grade 8, over each rendered page."""
    with translation.override("es"):
        urls = [
            *addresses_in("es")[2:-2],
            *(page.get_absolute_url() for page in Article.objects.get().pages.all()),
            *(exercise.get_absolute_url() for exercise in Exercise.objects.all()),
        ]
    scores = {url: fernandez_huerta(main_text(client.get(url).content.decode())) for url in urls}
    assert {url: score for url, score in scores.items() if score < 60} == {}


# What is not translated, or no longer


def english_changed(exercise: Exercise) -> None:
    step = exercise.steps.first()
    step.text_en = "Lie on your back, knees bent: new words."
    step.save()


def test_a_changed_english_shows_in_english_with_a_notice_until_the_spanish_is_saved(
    client, loaded
):
    exercise = Exercise.objects.get(slug_en="glute-bridge")
    assert exercise.spanish_status == Exercise.TranslationStatus.CURRENT
    english_changed(exercise)
    exercise.refresh_from_db()
    assert exercise.spanish_status == Exercise.TranslationStatus.OUTDATED
    html = client.get("/es/ejercicios/puente-de-gluteos/").content.decode()
    assert NOTICE in html and "new words." in html and "Acuéstese boca arriba" not in html
    assert '<html lang="es">' in html
    assert '<main id="main" class="page" tabindex="-1" lang="en">' in html
    assert re.search(r'<a href="/es/ejercicios/"[^>]*>Ejercicios</a>', html)  # a Spanish frame

    step = exercise.steps.first()
    step.text_es = "Acuéstese boca arriba, con las rodillas dobladas."
    step.save()
    exercise.refresh_from_db()
    assert exercise.spanish_status == Exercise.TranslationStatus.CURRENT
    html = client.get("/es/ejercicios/puente-de-gluteos/").content.decode()
    assert NOTICE not in html and "con las rodillas dobladas." in html


def test_content_never_translated_is_shown_in_english_never_empty(client, loaded):
    exercise = Exercise.objects.get(slug_en="clamshell")
    for part in exercise.translation_parts():
        for name in ("name", "slug", "summary", "text", "caption", "alt", "feel_it"):
            if hasattr(part, f"{name}_es"):
                setattr(part, f"{name}_es", None if name == "slug" else "")
        part.save()
    exercise = Exercise.objects.get(pk=exercise.pk)
    exercise.refresh_fingerprints()
    other = ("not_feel_it", "frequency", "when_to_stop", "other_names", "week_1", "week_2",
             "week_3", "week_4")  # fmt: skip
    Exercise.objects.filter(pk=exercise.pk).update(**{f"{name}_es": "" for name in other})
    exercise = Exercise.objects.get(pk=exercise.pk)
    exercise.save()
    assert exercise.spanish_status == Exercise.TranslationStatus.MISSING
    page = client.get("/es/ejercicios/clamshell/")  # its English slug, as it has no other
    html = page.content.decode()
    assert page.status_code == 200 and NOTICE in html and "<h1>Clamshell</h1>" in html
    listing = client.get("/es/ejercicios/").content.decode()
    assert 'href="/es/ejercicios/clamshell/"' in listing


def test_the_admin_lists_what_needs_translating_and_can_mark_it_checked(admin_client, loaded):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Spanish to write or update" not in index  # all of it is translated
    exercise = Exercise.objects.get(slug_en="glute-bridge")
    english_changed(exercise)
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Spanish to write or update" in index
    assert re.search(r"Glute bridge</a></th>\s*<td>Needs update</td>", index)
    admin_client.post(
        reverse("admin:education_exercise_changelist"),
        {"action": "mark_spanish_current", "_selected_action": [exercise.pk]},
    )
    exercise.refresh_from_db()
    assert exercise.spanish_status == Exercise.TranslationStatus.CURRENT


def test_the_change_form_puts_each_spanish_field_beside_its_english(admin_client, loaded):
    exercise = Exercise.objects.get(slug_en="glute-bridge")
    html = admin_client.get(reverse("admin:education_exercise_change", args=[exercise.pk]))
    html = html.content.decode()
    row = html.split('class="form-row field-name field-name_es">')[1].split('class="form-row')[0]
    assert 'name="name"' in row and 'name="name_es"' in row  # one row, side by side
    assert 'value="Puente de glúteos"' in html
    # Markdown in both languages with its live preview; the translation's record and status.
    assert html.count('name="when_to_stop') == 2 and "markdown-preview-body" in html
    assert "Spanish translation" in html and "Translated" in html


def test_a_preview_shows_the_spanish_pages_too(admin_client, loaded):
    article = Article.objects.get()
    preview = reverse("admin:education_article_preview", args=[article.pk])
    html = admin_client.get(preview).content.decode()
    assert "(Español)" in html
    spanish = admin_client.get(preview, {"page": "8"}).content.decode()  # 7 English pages first
    assert "Conozca sus glúteos" in spanish and "lang=&quot;es&quot;" in spanish


# Search


@pytest.mark.parametrize(
    ("query", "found"),
    [("puente", "Puente de glúteos"), ("gluteos", "Conozca sus glúteos"),
     ("CIÁTICA", "ciática"), ("sentadilla", "Sentadilla")],
)  # fmt: skip
def test_spanish_search_finds_spanish_words_whatever_their_accents(client, loaded, query, found):
    html = client.get("/es/buscar/", {"q": query}).content.decode()
    assert found in html
    assert "<mark>" in html


def test_the_words_found_are_marked_in_the_text_as_written(client, loaded):
    html = client.get("/es/buscar/", {"q": "gluteos"}).content.decode()
    assert "<mark>glúteos</mark>" in html


def test_english_search_still_searches_the_english(client, loaded):
    html = client.get("/search/", {"q": "bridge"}).content.decode()
    assert "Glute bridge" in html and "Puente" not in html


# The self-test across languages


def test_switching_language_mid_test_keeps_the_answers(client, loaded):
    test = SelfTest.objects.get()
    steps = test.numbered_steps()
    client.post(reverse("education:selftest-begin", args=[test.slug]), **SAME_SITE)
    for number in (1, 2):  # "No, none of these", in English
        no = steps[number].choices.order_by("order").last()
        client.post(reverse("education:selftest-step", args=[test.slug, number]), {"answer": no.pk})
    base = "/es/autoevaluacion/autoevaluacion-de-gluteos/"
    step_3 = client.get(f"{base}paso/3/")
    assert step_3.status_code == 200  # not sent back to step 1: the answers are kept
    assert "Prepárese para la prueba" in step_3.content.decode()
    html = client.get(f"{base}paso/2/").content.decode()
    assert re.search(r"checked[^>]*>|<input[^>]*checked", html)  # the English answer, shown
    # The switch leads back to the same step in English.
    english = '<a href="/self-test/glute-activation-check/step/3/" lang="en"'
    assert english in step_3.content.decode()


def test_a_result_reads_in_either_language_from_one_token(client, loaded):
    test = SelfTest.objects.get()
    outcome = test.outcomes.exclude(flag="emergency").first()
    english_url = result_url(test, outcome)
    token = english_url.rstrip("/").rsplit("/", 1)[1]
    spanish = client.get(f"/es/autoevaluacion/autoevaluacion-de-gluteos/resultado/{token}/")
    assert spanish.status_code == 200 and outcome.title_es in spanish.content.decode()
    assert outcome.title_en in client.get(english_url).content.decode()


def test_a_changed_step_marks_its_test_out_of_date(loaded):
    step = Step.objects.get(order=3)
    step.safety_note_en = "Hold on with both hands."
    step.save()
    assert SelfTest.objects.get().spanish_status == SelfTest.TranslationStatus.OUTDATED


def test_a_note_not_yet_in_spanish_is_shown_in_english_not_dropped(client, loaded):
    test = SelfTest.objects.get()
    outcome = next(outcome for outcome in test.outcomes.all() if outcome.may_advise)
    choice = Choice.objects.filter(step__self_test=test).exclude(result_note_en="").first()
    choice.result_note_es = ""
    choice.save()
    test.refresh_from_db()
    test.mark_spanish_current()  # an editor marks it so by mistake
    token = result_url(test, outcome).rstrip("/").rsplit("/", 1)[1]
    html = client.get(f"/es/autoevaluacion/autoevaluacion-de-gluteos/resultado/{token}/")
    assert choice.result_note_en[:40] in html.content.decode()


# Reader tools in Spanish

SPANISH_CALENDAR = "/es/recordatorios/recordatorios-para-levantarse.ics"
WORKDAY = {"start": "09:00", "end": "17:00", "every": "45", "zone": "America/Chicago",
           "days": ["MO"], "reminder": "glute-taps"}  # fmt: skip


def reminder_note(client) -> str:
    calendar = icalendar.Calendar.from_ical(client.get(SPANISH_CALENDAR, WORKDAY).content)
    return str(calendar.walk("VEVENT")[0]["DESCRIPTION"])


def test_a_spanish_calendar_carries_the_exercise_steps_in_spanish(client, loaded):
    note = reminder_note(client)
    assert note.startswith("1. Ponga una alarma en su teléfono")
    assert "Deténgase si algo le duele." in note
    assert "http://testserver/es/recordatorios/?" in note


def test_a_calendar_gives_the_english_steps_where_their_spanish_is_out_of_date(client, loaded):
    exercise = Exercise.objects.get(slug_en="glute-taps")
    step = exercise.steps.first()
    step.text_en = "Set a timer: new words."
    step.save()
    note = reminder_note(client)
    assert note.startswith("1. Set a timer: new words.") and "Ponga una alarma" not in note


def test_the_spanish_exercise_page_offers_its_own_reminder(client, loaded):
    html = client.get("/es/ejercicios/toques-en-los-gluteos/").content.decode()
    assert 'href="/es/recordatorios/?reminder=glute-taps"' in html
