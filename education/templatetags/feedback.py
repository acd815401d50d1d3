"""The "Was this page helpful?" form, the same for every reader of a page."""

from django import template

from education.views.feedback import page_token

register = template.Library()


@register.inclusion_tag("education/feedback/form.html", takes_context=True)
def feedback_form(context, page):
    return {"token": page_token(page), "next": context["request"].get_full_path()}
