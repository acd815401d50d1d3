import datetime

from django import template
from django.urls import reverse
from django.utils import timezone

from education.models import AboutPage, Article, Exercise, Feedback, ReferralPage, SelfTest

register = template.Library()
REVIEWED_MODELS = [Article, Exercise, SelfTest, ReferralPage, AboutPage]
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
def pages_readers_doubt() -> list:
    """Pages with enough answers to "Was this page helpful?" and a high share of No."""
    return [entry for entry in Feedback.objects.by_page() if entry.is_of_concern]
