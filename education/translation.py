"""Which fields have a Spanish column besides the English one (django-modeltranslation reads
this module at start-up and adds `<field>_en` and `<field>_es` to each model).

Where a Spanish field is empty, readers get the English one. Slugs are translated too, so that
Spanish addresses read in Spanish; an empty Spanish slug is stored as NULL, as two blanks would
break their uniqueness.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from modeltranslation.translator import TranslationOptions, register

from education.models import (
    AboutPage,
    Article,
    ArticlePage,
    Category,
    Choice,
    Equipment,
    Exercise,
    ExerciseStep,
    Frame,
    Mistake,
    Muscle,
    Outcome,
    Question,
    RedFlag,
    Reference,
    ReferralPage,
    SelfTest,
    Step,
)
from education.models.content import translated_fields

SLUG = {"slug": None}


@register(Article)
class ArticleText(TranslationOptions):
    fields = ("title", "slug", "summary")
    empty_values = SLUG


@register(ArticlePage)
class ArticlePageText(TranslationOptions):
    fields = ("title", "slug", "body", "body_html")
    empty_values = SLUG


@register(Exercise)
class ExerciseText(TranslationOptions):
    fields = (
        "name", "slug", "other_names", "summary", "feel_it", "not_feel_it", "frequency",
        "when_to_stop", "when_to_stop_html", "week_1", "week_2", "week_3", "week_4",
    )  # fmt: skip
    empty_values = SLUG


@register([ExerciseStep, Mistake])
class ListItemText(TranslationOptions):
    fields = ("text",)


@register(Frame)
class FrameText(TranslationOptions):
    fields = ("caption", "alt")


@register(Muscle)
class MuscleText(TranslationOptions):
    fields = ("name", "everyday_name", "what_it_does")


@register([Category, Equipment])
class NameText(TranslationOptions):
    fields = ("name",)


@register(RedFlag)
class RedFlagText(TranslationOptions):
    fields = ("text",)


@register(Reference)
class ReferenceText(TranslationOptions):
    fields = ("citation",)


@register(SelfTest)
class SelfTestText(TranslationOptions):
    fields = ("title", "slug", "summary", "intro", "intro_html", "safety_note",
              "safety_note_html", "privacy_note", "privacy_note_html")  # fmt: skip
    empty_values = SLUG


@register(Step)
class StepText(TranslationOptions):
    fields = ("title", "body", "body_html", "safety_note", "pose_alt")


@register(Choice)
class ChoiceText(TranslationOptions):
    fields = ("label", "hint", "result_note")


@register(Outcome)
class OutcomeText(TranslationOptions):
    fields = ("title", "body", "body_html")


@register(ReferralPage)
class ReferralPageText(TranslationOptions):
    fields = ("title", "summary", "when_to_go", "when_to_go_html", "what_to_expect",
              "what_to_expect_html", "pledge_intro", "pledge_intro_html", "pledge_translation",
              "how_to_find", "how_to_find_html", "disclosure", "disclosure_html")  # fmt: skip


@register(Question)
class QuestionText(TranslationOptions):
    fields = ("question", "answer", "answer_html")


@register(AboutPage)
class AboutPageText(TranslationOptions):
    fields = ("title", "summary", "body", "body_html")


# Where each part's words belong: their fingerprints are kept on the whole (see Translated in
# models/languages.py), so a changed step marks its test's Spanish out of date.
UNIT_OF_PART = {
    ExerciseStep: "exercise",
    Mistake: "exercise",
    Frame: "exercise",
    Step: "self_test",
    Choice: "step.self_test",
    Outcome: "self_test",
    Question: "page",
}
UNITS = (Article, ArticlePage, Exercise, SelfTest, ReferralPage, AboutPage)


def empty_translation_as_text(sender, instance, **_signal) -> None:
    """Before a save: a translation left empty is "" like an empty English field, not the NULL
    modeltranslation's columns allow, so that forms, drafts and the loader see one value. A
    slug stays NULL: it must be unique."""
    for name in translated_fields(sender):
        for code, _ in settings.LANGUAGES:
            if name != "slug" and getattr(instance, f"{name}_{code}") is None:
                setattr(instance, f"{name}_{code}", "")


deferred_units = ContextVar("deferred_units", default=None)


def refresh_fingerprint(sender, instance, raw=False, **_signal) -> None:
    """After a save or deletion of a part, or a restore of a unit (a raw save, which skips the
    unit's own `save`): the unit's words, summed up."""
    if sender in UNITS and not raw:  # its save summed them up
        return
    unit = instance
    path = UNIT_OF_PART[sender].split(".") if sender in UNIT_OF_PART else []
    for name in path:
        try:
            unit = getattr(unit, name)
        except ObjectDoesNotExist:  # deleted with it
            return
    units = deferred_units.get()
    if units is None:
        unit.refresh_fingerprints()
    else:
        units[type(unit), unit.pk] = unit


@contextmanager
def fingerprints_summed_once():
    """Inside, each unit's fingerprints are summed up once, at the end, however many of its
    parts are saved: the loader saves hundreds."""
    units = {}
    token = deferred_units.set(units)
    try:
        yield
    finally:
        deferred_units.reset(token)
    for unit in units.values():
        unit.refresh_fingerprints()
