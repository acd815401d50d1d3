"""The interface in Spanish: every string marked for translation has a Spanish translation in
locale/es/LC_MESSAGES/django.po, and pages rendered in Spanish show it (the content itself is
translated in the models, elsewhere).

The pages are rendered here with the language set directly, through the views or their
templates, so these tests do not depend on the addresses under /es/.
"""

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django_htmx.middleware import HtmxDetails

from education import figures
from education.models import AboutPage, Exercise
from education.views import exercises as exercise_views
from education.views import feedback as feedback_views
from education.views.referral import PlaceForm
from education.views.reminders import ReminderForm, description
from education.views.selftest import EXPIRED_MESSAGE, NO_ANSWER

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
# What a copy of the project for makemessages leaves out: it reads every file under its folder.
NOT_COPIED = shutil.ignore_patterns(
    ".*", "__pycache__", "*.mo", "*.egg-info", "staticfiles", "media", "test-artifacts",
    "db.sqlite3*", "dump.rdb", "node_modules",
)  # fmt: skip


def untranslated(catalog: polib.POFile) -> list[str]:
    """The entries a reader would see in English: empty, or fuzzy (a guess by msgmerge)."""
    return [
        entry.msgid
        for entry in catalog
        if not entry.obsolete
        and (
            "fuzzy" in entry.flags
            or (not entry.msgid_plural and not entry.msgstr)
            or (entry.msgid_plural and not all(entry.msgstr_plural.values()))
        )
    ]


# The catalog


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> polib.POFile:
    """The catalog as makemessages makes it from today's code, in a copy of the project (so
    the real catalog is left alone), merged with the Spanish already written."""
    copy = tmp_path_factory.mktemp("project") / "glutesite"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-location", "-v", "0"],
        cwd=copy,
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "on",
            "DJANGO_SETTINGS_MODULE": "glutesite.settings",
        },
        check=True,
    )
    return polib.pofile(str(copy / "locale" / "es" / "LC_MESSAGES" / "django.po"))


def test_every_interface_string_is_translated(regenerated):
    assert len(regenerated) > 300  # the strings were found: templates and Python alike
    assert untranslated(regenerated) == []


def test_the_catalog_in_git_is_up_to_date(regenerated):
    """No string the code no longer uses lingers, and none is missing: running makemessages
    again changes nothing but its date."""
    in_git = polib.pofile(str(CATALOG))
    assert [entry.msgid for entry in regenerated.obsolete_entries()] == []
    assert {(e.msgctxt, e.msgid) for e in regenerated} == {(e.msgctxt, e.msgid) for e in in_git}
    assert untranslated(in_git) == []


def test_the_catalog_is_valid_for_spanish():
    catalog = polib.pofile(str(CATALOG))
    assert catalog.metadata["Language"] == "es"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=n != 1;"
    assert not catalog.metadata_is_fuzzy
    # Placeholders match (python-format), plurals are complete, nothing is malformed.
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(CATALOG)], check=True)


def test_the_compiled_catalog_is_left_out_of_git():
    """make run, make test and the tests compile it from the .po file (see conftest)."""
    assert "*.mo" in (ROOT / ".gitignore").read_text().split()


# Pages in Spanish


def reader_request(path: str = "/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.htmx = HtmxDetails(request)
    return request


def spanish(render):
    with translation.override("es"):
        return render()


def test_the_layout_and_error_pages_are_in_spanish():
    html = spanish(lambda: render_to_string("404.html", request=reader_request("/nowhere/")))
    for words in (
        "Página no encontrada",
        "Ir al contenido principal",
        "Buscar en este sitio",
        "Aprender",
        "Autoevaluación",
        "Encontrar un quiropráctico",
        "<strong>Información, no un diagnóstico.</strong>",
        "Política editorial",
        "Ir a la página de inicio",
    ):
        assert words in html, words
    assert "Information, not a diagnosis" not in html and "Page not found" not in html
    assert spanish(lambda: "hay un problema con el sitio" in render_to_string("500.html"))


def test_a_form_with_errors_says_so_in_spanish():
    form = ReminderForm({"start": "09:00", "end": "08:00", "every": "5", "zone": "Mars/Base"})
    html = spanish(
        lambda: render_to_string(
            "education/tools/reminders.html",
            {"form": form, "times": []},
            request=reader_request("/reminders/"),
        )
    )
    for words in (
        "Hay un problema",  # the error summary
        "Elija 30 minutos o más",
        "Elija su zona horaria de la lista",
        "Elija al menos un día",
        "El fin de su jornada de trabajo debe ser después del inicio",
        "Inicio de su jornada de trabajo",
        "Lunes",
        "Hora del Este (Nueva York, Toronto)",
        "Deténgase si algo le duele.",
        "Descargar el archivo de calendario",
    ):
        assert words in html, words
    assert "There is a problem" not in html


def test_the_self_test_speaks_spanish(make_selftest):
    test = make_selftest()
    step = test.numbered_steps()[1]
    context = {
        "test": test, "step": step, "number": 1, "total": 4, "selected": None,
        "error": NO_ANSWER["question"], "red_flags": [], "back_url": "/", "action": "/",
    }  # fmt: skip
    html = spanish(
        lambda: render_to_string("education/selftest/step.html", context, reader_request())
    )
    for words in ("Hay un problema", "Elija una respuesta para continuar", "Paso 1 de 4"):
        assert words in html, words
    assert "Continuar</button>" in html and "Atrás</a>" in html
    assert spanish(lambda: str(EXPIRED_MESSAGE)).startswith("Para proteger la privacidad")


def test_an_exercise_page_is_in_spanish_around_its_content(make_exercise):
    exercise = make_exercise(per_side=True)
    exercise.name_es = "Puente"  # translated, so the page is in Spanish (see test_spanish.py)
    exercise.save()
    html = spanish(
        lambda: exercise_views.exercise_detail(reader_request(), exercise.slug).content.decode()
    )
    for words in (
        "Volver a los ejercicios",
        "Cómo hacerlo",
        "Dónde debe sentirlo",
        "Músculos que trabaja",
        "(trabajo principal)",
        "Cuándo detenerse",
        # The frequency is content: the fixture's is in English.
        "Cuánto hacer:</strong> 2 series de 10 de cada lado, once a day.",
        "Llame al 911 (en EE. UU. y Canadá)",
        "señales de alarma",
        "¿Le fue útil esta página?",
        "Compartir esta página",
        "Revisión clínica",
        "Vista de atrás",  # the muscle map's labels
        "Glúteo mayor (trabajo principal)",
    ):
        assert words in html, words


def test_the_exercise_list_counts_and_filters_in_spanish(make_exercise):
    make_exercise("bridge")
    make_exercise("clam", category="activation")
    html = spanish(
        lambda: exercise_views.exercise_list(reader_request("/exercises/")).content.decode()
    )
    for words in ("2 ejercicios", "Cualquiera", "Sin equipo", "Dificultad", "Fácil", "Sin equipo"):
        assert words in html, words
    html = spanish(
        lambda: exercise_views.exercise_list(
            reader_request("/exercises/?category=activation&difficulty=9")
        ).content.decode()
    )
    assert "1 ejercicio coincide con sus filtros" in html
    assert "No tuvimos en cuenta un filtro que no reconocimos (Dificultad)" in html


@pytest.mark.parametrize(
    ("fields", "english", "spanish_words"),
    [
        ({"sets": 3, "reps": 10, "per_side": True}, "3 sets of 10 on each side, once a day",
         "3 series de 10 de cada lado, una vez al día"),
        ({"sets": 1, "reps": 12}, "12 repetitions, once a day", "12 repeticiones, una vez al día"),
        ({"sets": 3, "reps": 0, "hold_seconds": 20, "per_side": True},
         "Hold for 20 seconds, 3 times on each side, once a day",
         "Mantenga la posición 20 segundos, 3 veces de cada lado, una vez al día"),
        ({"sets": 2, "reps": 10, "hold_seconds": 1},
         "2 sets of 10, holding each for 1 second, once a day",
         "2 series de 10, manteniendo cada repetición 1 segundo, una vez al día"),
    ],
)  # fmt: skip
def test_the_dose_is_said_in_each_language_with_its_frequency_as_written(
    fields, english, spanish_words
):
    assert Exercise(frequency="once a day", **fields).dose == english
    assert spanish(lambda: Exercise(frequency="una vez al día", **fields).dose) == spanish_words


def test_dates_read_naturally_in_each_language(db):
    page = AboutPage(title="Acerca de", published_on=datetime.date(2026, 11, 30))
    request = reader_request()
    english = render_to_string("education/includes/review_record.html", {"item": page}, request)
    assert "30 November 2026" in english
    spanish_html = spanish(
        lambda: render_to_string("education/includes/review_record.html", {"item": page}, request)
    )
    assert "30 de noviembre de 2026" in spanish_html
    assert (
        "Pendiente: todavía ningún profesional de la salud ha revisado esta página" in spanish_html
    )


def test_the_calendar_note_and_refusals_are_in_spanish():
    note = spanish(lambda: description(None, "https://example.org/reminders/"))
    assert note == (
        "1. Póngase de pie.\n2. Camine uno o dos minutos.\n3. Luego vuelva a sentarse.\n\n"
        "Deténgase si algo le duele.\n\nMás información: https://example.org/reminders/"
    )
    assert spanish(lambda: str(feedback_views.TOO_MANY)).startswith("Ha enviado muchas")


def test_the_pledge_search_form_explains_its_errors_in_spanish():
    english = PlaceForm({"place": "x"}).errors["place"][0]
    assert english == "Ensure this value has at least 2 characters (it has 1)."  # as Django says it
    assert spanish(lambda: PlaceForm({"place": "x"}).errors["place"][0]) == (
        "Escriba al menos 2 caracteres (ahora tiene 1)."
    )
    assert spanish(lambda: PlaceForm({"place": "<b>"}).errors["place"][0]).startswith("Use letras")


def test_the_muscle_map_is_drawn_in_spanish_and_english():
    assert figures.translation is translation.gettext  # plugged in by the education app
    map_in_spanish = spanish(lambda: figures.render_muscle_map(primary=["gluteus-medius"]))
    assert 'aria-label="Los músculos de la cadera vistos desde atrás' in map_in_spanish
    assert "Músculos que trabajan mucho: glúteo medio." in map_in_spanish
    assert ">Flexores de la</tspan>" in map_in_spanish  # wrapped, to fit beside the drawing
    assert "From behind" in figures.render_muscle_map()


def test_english_stays_the_default():
    assert settings.LANGUAGE_CODE.startswith("en")
    assert "Information, not a diagnosis." in render_to_string("500.html")
