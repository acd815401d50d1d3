"""A page in both languages: its address in each (for the language switch and the alternates
search engines read), and English text where a Spanish translation is not ready."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from education.models.languages import Translated


def page_language(request) -> str:
    """The language of the page's address, as LocaleMiddleware set it (without it, as for a
    page made directly, the active language)."""
    return getattr(request, "LANGUAGE_CODE", None) or translation.get_language()


def page_shows(request, *units: Translated, **units_by_slug: Translated) -> None:
    """Records what this request's page shows: `units`, and `units_by_slug` by the argument of
    the address that holds their slug (`slug=exercise`).

    The page's address in the other language is made from their slugs in that language (see
    `language_versions`). Where the Spanish of any of them is missing or out of date, the rest
    of the request makes the page's text in English: readers never get an empty or outdated
    page. The page's frame (header, notice, footer) stays in its language (see base.html).
    """
    request.units_by_slug = units_by_slug
    shown = [*units, *units_by_slug.values()]
    if any(unit.shown_in_english(page_language(request)) for unit in shown):
        translation.activate(settings.LANGUAGE_CODE)


def language_versions(request) -> list[dict]:
    """This page in each language: the same view with the same arguments and query string,
    the slugs of what it shows (see `page_shows`) in that language. A page no view answered
    (a 404) is the home page."""
    match = request.resolver_match
    query = f"?{request.GET.urlencode()}" if request.GET and request.method == "GET" else ""
    slugs_from = getattr(request, "units_by_slug", {})
    versions = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            if match is None or match.namespace != "education":
                url = reverse("education:home")
            else:
                slugs = {argument: unit.slug for argument, unit in slugs_from.items()}
                url = reverse(match.view_name, kwargs={**match.kwargs, **slugs}) + query
        current = code == page_language(request)
        versions.append({"code": code, "name": name, "url": url, "current": current})
    return versions
