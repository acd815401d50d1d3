"""The warning signs, from the one Red flags list, wherever the site warns readers."""

from django import template

from education.models import RedFlag

register = template.Library()


@register.simple_tag
def red_flags() -> dict[str, list[RedFlag]]:
    """Every flag by level, in one query: `{% red_flags as warnings %}`, then
    `warnings.emergency`, `warnings.urgent` and `warnings.caution`."""
    return RedFlag.objects.by_level()


@register.inclusion_tag("education/includes/warning_signs.html")
def warning_signs():
    """Both levels of red flags, each with what to do: the referral page and article pages."""
    return {"levels": RedFlag.objects.by_level()}
