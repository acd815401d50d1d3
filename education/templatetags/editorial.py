import datetime

from django import template
from django.urls import reverse
from django.utils import timezone

from education.models import (
    AboutPage,
    Article,
    ArticlePage,
    Exercise,
    Feedback,
    ReferralPage,
    SelfTest,
)
from education.models.languages import needing_spanish

register = template.Library()
REVIEWED_MODELS = [Article, Exercise, SelfTest, ReferralPage, AboutPage]
TRANSLATED_MODELS = [*REVIEWED_MODELS, ArticlePage]
SOON = datetime.timedelta(days=30)


@register.simple_tag
def review_due() -> list[dict]:
    """Content whose next review is past or within 30 days, soonest first, for editors."""
    horizon = timezone.localdate() + SOON
    due = [
        {
            "object": item,
            "date": item.next_review,
            "overdue": item.review_is_due,
            "url": reverse(f"admin:education_{model._meta.model_name}_change", args=[item.pk]),
        }
        for model in REVIEWED_MODELS
        for item in model.objects.filter(next_review__lte=horizon)
    ]
    return sorted(due, key=lambda entry: entry["date"])


@register.simple_tag
def spanish_to_do() -> list[dict]:
    """Content whose Spanish is missing or older than its English, for editors."""
    to_do = []
    for model in TRANSLATED_MODELS:
        for item in needing_spanish(model):
            edited_on = getattr(item, "article", item)  # a page is edited on its article's form
            name = edited_on._meta.model_name
            url = reverse(f"admin:education_{name}_change", args=[edited_on.pk])
            to_do.append({"object": item, "status": item.spanish_status.label, "url": url})
    return to_do


@register.simple_tag
def pages_readers_doubt() -> list:
    """Pages with enough answers to "Was this page helpful?" and a high share of No."""
    return [entry for entry in Feedback.objects.by_page() if entry.is_of_concern]
