"""Showing editors a public page exactly as readers will see it, before it is published.

The page is made by the site's own view, in-process, for an anonymous reader with an empty
session; the caller wraps it in a transaction that is rolled back.
"""

from copy import copy
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import Http404, HttpResponseNotFound, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.module_loading import import_string
from django_htmx.middleware import HtmxDetails


@dataclass(frozen=True)
class PreviewPage:
    label: str
    path: str
    # What a reader's session would hold on this page (e.g. the answers before a step).
    session: dict = field(default_factory=dict, compare=False)


def render_public(request, page: PreviewPage):
    """The response the site gives an anonymous reader at page.path (404s included), in the
    language of its address, as LocaleMiddleware would set it."""
    language = translation.get_language_from_path(page.path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return render_in_language(request, page, language)


def render_in_language(request, page: PreviewPage, language: str):
    try:
        match = resolve(page.path)
    except Resolver404:
        return HttpResponseNotFound()
    reader = copy(request)
    reader.method = "GET"
    reader.path = reader.path_info = page.path
    reader.GET, reader.POST = QueryDict(), QueryDict()
    reader.META = {**request.META, "PATH_INFO": page.path, "QUERY_STRING": ""}
    reader.META.pop("HTTP_HX_REQUEST", None)
    reader.htmx = HtmxDetails(reader)
    reader.user = AnonymousUser()
    reader.LANGUAGE_CODE = language
    reader.resolver_match = match
    reader.session = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    reader.session.update(page.session)
    reader._messages = FallbackStorage(reader)
    try:
        response = match.func(reader, *match.args, **match.kwargs)
    except Http404:
        return HttpResponseNotFound()
    if hasattr(response, "render"):
        response.render()
    return response


def framed(response) -> str:
    """The page for the preview's frame (its srcdoc). Links in it open in a new tab: the live
    site is never shown inside the admin."""
    html = response.content.decode(response.charset)
    return html.replace("<head>", '<head><base target="_blank">', 1)
