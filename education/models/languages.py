"""Content in two languages: which of its fields have a column per language (see
education/translation.py), the state of its Spanish, and its fields in the reader's language in
queries that read plain values."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation

from education.models.content import EDITORIAL_TEAM, name_to_show, translated_fields

SPANISH = "es"
FINGERPRINT_FIELDS = ("english_fingerprint", "spanish_fingerprint", "spanish_source")


def reading_language() -> str:
    """The language pages are made in now: English unless a Spanish address is being served."""
    code = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class Localized(models.Expression):
    """A field, or one across relations ("muscle__name"), in the reading language: for a
    translated field its column in that language, or the English where that is empty; any other
    field as it is. For `values_list` and unions, which modeltranslation's fallback does not
    reach (it reads model instances)."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def resolve_expression(self, query=None, *args, **kwargs):
        return self.in_language(query.model).resolve_expression(query, *args, **kwargs)

    def in_language(self, model) -> models.Expression:
        *relations, name = self.path.split("__")
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        if name not in translated_fields(model):
            return F(self.path)
        english = F(f"{self.path}_{settings.LANGUAGE_CODE}")
        language = reading_language()
        if language == settings.LANGUAGE_CODE:
            return english
        spanish = NullIf(F(f"{self.path}_{language}"), Value(""))
        return Coalesce(spanish, english, output_field=models.TextField())


def by_slug(slug: str, path: str = "slug") -> models.Q:
    """Content whose address holds `slug` in the reading language: its Spanish slug, or its
    English one where it has no Spanish slug (its Spanish address then reads in English)."""
    english = models.Q(**{f"{path}_{settings.LANGUAGE_CODE}": slug})
    language = reading_language()
    if language == settings.LANGUAGE_CODE:
        return english
    untranslated = models.Q(**{f"{path}_{language}__isnull": True})
    return models.Q(**{f"{path}_{language}": slug}) | (untranslated & english)


def values_in_language(queryset: models.QuerySet, *fields) -> models.QuerySet:
    """`queryset.values_list(*fields)` with each named field in the reading language."""
    if hasattr(queryset, "rewrite"):  # modeltranslation's: left to read plain columns
        queryset = queryset.rewrite(False)
    return queryset.values_list(*(Localized(f) if isinstance(f, str) else f for f in fields))


def fingerprint(parts: list[models.Model], language: str) -> str:
    """The words of `parts` in `language`, summed up; empty when there are none."""
    words = [
        [getattr(part, f"{name}_{language}") or "" for name in translated_fields(type(part))
         if not name.endswith("_html") and name != "slug"]
        for part in parts
    ]  # fmt: skip
    if not any(any(texts) for texts in words):
        return ""
    text = json.dumps(words, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def needing_spanish(model) -> models.QuerySet:
    """The objects of a Translated model whose Spanish is missing or out of date."""
    missing = models.Q(spanish_fingerprint="")
    outdated = ~models.Q(spanish_source=F("english_fingerprint"))
    return model.objects.filter(missing | outdated)


class Translated(models.Model):
    """The Spanish translation's record: who made it, its native-speaker clinical review, and
    whether it is up to date with the English it was made from.

    The words of the object and its parts (steps, choices, frames...) are summed up in each
    language after every save (see education.apps). `spanish_source` is the English sum when
    the Spanish was last saved (or checked: `mark_spanish_current`): once the English changes
    after it, the Spanish needs an update.
    """

    class TranslationStatus(models.TextChoices):
        CURRENT = "translated", "Translated"
        OUTDATED = "needs update", "Needs update"
        MISSING = "not translated", "Not translated"

    english_fingerprint = models.CharField(max_length=16, editable=False, default="")
    spanish_fingerprint = models.CharField(max_length=16, editable=False, default="")
    spanish_source = models.CharField(max_length=16, editable=False, default="")
    spanish_translator = models.CharField(
        "translated into Spanish by",
        max_length=160,
        default=EDITORIAL_TEAM,
        blank=True,
        help_text="Who wrote the Spanish: the editorial team, or a named translator who did.",
    )
    spanish_reviewer = models.CharField(
        "Spanish reviewed by",
        max_length=160,
        blank=True,
        help_text="A native Spanish speaker who is a clinician, with credentials. Leave empty "
        "until a real review: Spanish readers are told the review is pending.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Summed up in the same write; a part's save sums it up again (see education.apps).
        self.sum_up_words()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *FINGERPRINT_FIELDS}
        super().save(*args, **kwargs)

    def translation_parts(self) -> list[models.Model]:
        """Itself and the parts whose words it is translated with (its steps, say)."""
        return [self]

    def fingerprints(self, *languages: str) -> list[str]:
        """Every word of it and its parts in each of `languages`, summed up."""
        parts = self.translation_parts() if self.pk else [self]  # a new one has no parts yet
        return [fingerprint(parts, language) for language in languages]

    def sum_up_words(self) -> bool:
        """Sums up its words again; whether anything changed. A change to the Spanish is a
        Spanish written for the English of now."""
        english, spanish = self.fingerprints(settings.LANGUAGE_CODE, SPANISH)
        source = english if spanish != self.spanish_fingerprint else self.spanish_source
        if (english, spanish, source) == tuple(getattr(self, name) for name in FINGERPRINT_FIELDS):
            return False
        self.english_fingerprint, self.spanish_fingerprint = english, spanish
        self.spanish_source = source
        return True

    def refresh_fingerprints(self) -> None:
        """After a save of a part (or a restored version): written only when changed."""
        if self.sum_up_words():
            self.store(*FINGERPRINT_FIELDS)

    def mark_spanish_current(self) -> None:
        """The Spanish says what the English says: checked by an editor, with no change."""
        [self.spanish_source] = self.fingerprints(settings.LANGUAGE_CODE)
        self.store("spanish_source")

    def store(self, *names: str) -> None:
        """Writes these fields alone, without a save (and its signals)."""
        values = {name: getattr(self, name) for name in names}
        type(self)._base_manager.filter(pk=self.pk).update(**values)

    @property
    def translator_name(self) -> str:
        return name_to_show(self.spanish_translator)

    @property
    def spanish_status(self) -> str:
        if not self.spanish_fingerprint:  # no Spanish words at all
            return self.TranslationStatus.MISSING
        if self.spanish_source != self.english_fingerprint:
            return self.TranslationStatus.OUTDATED
        return self.TranslationStatus.CURRENT

    def shown_in_english(self, language: str) -> bool:
        """Whether a reader of `language` gets the English text, with a notice saying so."""
        if language == settings.LANGUAGE_CODE:
            return False
        return self.spanish_status != self.TranslationStatus.CURRENT
