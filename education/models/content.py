"""What every piece of content shares besides publishing: its review record, and markdown
rendered once, on save."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from education.markdown import render_markdown

REVIEW_INTERVAL_DAYS = 365
ORDER_HELP = "Shown from the lowest number up. Leave gaps (10, 20, 30) to slot things in later."
# Stored as written by, and translated by, until a named person is entered (see `name_to_show`).
EDITORIAL_TEAM = gettext_noop("GluteSite editorial team")
MARKDOWN_HELP = (
    "Markdown: ## headings, **bold**, *italic*, - lists, 1. numbered lists, [links](https://…), "
    "| tables |, footnotes[^1]. Raw HTML is shown as text, never run."
)


def name_to_show(name: str) -> str:
    """A name as readers see it: the editorial team's in their language, a person's as written."""
    return gettext(EDITORIAL_TEAM) if name == EDITORIAL_TEAM else name


class Reviewed(models.Model):
    """Who wrote and who clinically reviewed the content, and when it is next due for review.

    The author defaults to the publisher: the brief forbids inventing a person, so until editors
    enter a real reviewer the page says plainly that clinical review is pending.
    """

    author = models.CharField(max_length=120, default=EDITORIAL_TEAM)
    author_credentials = models.CharField(max_length=160, blank=True)
    reviewer = models.CharField(
        max_length=120, blank=True, help_text="Clinical reviewer. Leave empty until a real review."
    )
    reviewer_credentials = models.CharField(max_length=160, blank=True)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    def mark_reviewed(self) -> None:
        self.last_reviewed = timezone.localdate()
        self.next_review = self.last_reviewed + timezone.timedelta(days=REVIEW_INTERVAL_DAYS)

    @property
    def author_name(self) -> str:
        return name_to_show(self.author)

    @property
    def review_is_due(self) -> bool:
        return self.next_review is not None and self.next_review <= timezone.localdate()


class RendersMarkdown(models.Model):
    """Renders each markdown field once, on save, into its stored HTML field.

    `markdown_fields` maps a markdown field to the non-editable field that keeps its HTML, which
    templates show as is.
    """

    markdown_fields: dict[str, str] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for source, target in self.markdown_fields.items():
            for suffix in language_suffixes(type(self), source):
                # Browsers post text with CRLF line ends; stored with LF, versions compare cleanly.
                text = (getattr(self, source + suffix) or "").replace("\r\n", "\n")
                setattr(self, source + suffix, text)
                setattr(self, target + suffix, render_markdown(text) if text else "")
        super().save(*args, **kwargs)


def translated_fields(model) -> list[str]:
    """The fields of `model` that have a column per language (see education/translation.py)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return sorted(translator.get_options_for_model(model).fields)  # a set: any order
    except NotRegistered:
        return []


def language_suffixes(model, field: str) -> list[str]:
    """ "_en", "_es" for a translated field, so each language's column is handled; else ""."""
    if field in translated_fields(model):
        return [f"_{code}" for code, _ in settings.LANGUAGES]
    return [""]


class MarkdownBody(RendersMarkdown):
    """The common case: one markdown `body`."""

    body = models.TextField(help_text=MARKDOWN_HELP)
    body_html = models.TextField(editable=False, default="")

    markdown_fields = {"body": "body_html"}

    class Meta:
        abstract = True
