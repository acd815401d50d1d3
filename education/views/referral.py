"""The referral page, with its pledge search helper: the reader's town becomes the exact search
phrase and links to run it. Nothing is sent anywhere by the server."""

import re

from django import forms
from django.core.validators import RegexValidator
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.vary import vary_on_headers

from education.models import ReferralPage
from education.views.htmx import page_or_partial
from education.views.languages import page_shows
from glutesite.page_cache import public_page

PLACE_CHARACTERS = re.compile(r"^[^\W_][\w .,'\u2019()-]*$")
SEARCH_ENGINES = [
    (_("Search with Google"), "https://www.google.com/search"),
    (_("Search with DuckDuckGo"), "https://duckduckgo.com/"),
]


class PlaceForm(forms.Form):
    place = forms.CharField(
        label=_("Your town and state or province"),
        help_text=_("For example: Olympia, WA"),
        min_length=2,
        max_length=80,
        required=False,
        # Django's own words, in this site's catalog: its Spanish for them reads poorly.
        error_messages={
            "min_length": ngettext_lazy(
                "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
                "Ensure this value has at least %(limit_value)d characters "
                "(it has %(show_value)d).",
                "limit_value",
            ),
            "max_length": ngettext_lazy(
                "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
                "limit_value",
            ),
        },
        validators=[
            RegexValidator(
                PLACE_CHARACTERS,
                _("Use letters, spaces and simple punctuation (commas, full stops, hyphens)."),
            )
        ],
    )


def pledge_search(place: str) -> dict:
    """The exact phrase to search for, and a link to run it with each search engine."""
    phrase = f'"ChiroTrust Pledge" "{place}"'
    links = [(label, f"{url}?{urlencode({'q': phrase})}") for label, url in SEARCH_ENGINES]
    return {"phrase": phrase, "links": links}


@public_page
@vary_on_headers("HX-Request")
def referral(request):
    page = ReferralPage.objects.published().prefetch_related("questions").order_by("pk").first()
    if page is None:
        raise Http404("The referral page has not been published yet.")
    page_shows(request, page)
    form = PlaceForm(request.GET or None)
    place = form.cleaned_data["place"].strip() if form.is_valid() else ""
    context = {
        "page": page,
        "form": form,
        "search": pledge_search(place) if place else None,
    }
    return render(
        request, page_or_partial(request, "education/referral/page.html", "pledge-search"), context
    )
