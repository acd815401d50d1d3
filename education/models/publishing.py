"""Shared pieces of every piece of published content: its state, its review record, its markdown."""

from django.db import models
from django.utils import timezone

from education.markdown import render_markdown

EDITORIAL_TEAM = "GluteSite editorial team"
MARKDOWN_HELP = (
    "Markdown: ## headings, **bold**, *italic*, - lists, 1. numbered lists, [links](https://…), "
    "| tables |, footnotes[^1]. Raw HTML is shown as text, never run."
)


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Publishable.Status.PUBLISHED)


class Publishable(models.Model):
    """Draft or published; the public sees only published objects."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_on = models.DateField(
        null=True, blank=True, help_text="Filled in the first time it is published."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.is_published and self.published_on is None:
            self.published_on = timezone.localdate()
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


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
            setattr(self, target, render_markdown(getattr(self, source)))
        super().save(*args, **kwargs)


class MarkdownBody(RendersMarkdown):
    """The common case: one markdown `body`."""

    body = models.TextField(help_text=MARKDOWN_HELP)
    body_html = models.TextField(editable=False, default="")

    markdown_fields = {"body": "body_html"}

    class Meta:
        abstract = True
