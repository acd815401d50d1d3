"""The warning signs, from the one Red flags list, wherever the site warns readers."""

from django import template

from education.models import RedFlag

register = template.Library()


@register.inclusion_tag("education/includes/warning_signs.html")
def warning_signs():
    """Both levels of red flags, each with what to do: the referral page and article pages."""
    return {"levels": RedFlag.objects.by_level()}


@register.inclusion_tag("education/includes/emergency_signs.html")
def emergency_signs():
    """The emergency signs and their urgency, for an exercise's "When to stop"."""
    return {"flags": RedFlag.objects.filter(level=RedFlag.Level.EMERGENCY)}


@register.inclusion_tag("education/includes/cautions.html")
def cautions():
    """When to ask a professional before starting: "Before you start" on exercises and checks."""
    return {"flags": RedFlag.objects.filter(level=RedFlag.Level.CAUTION)}
