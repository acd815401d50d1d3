"""Pages about the site itself: the home page, the About page, editors' uploads, robots.txt,
the favicon, and the error pages."""

import re
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from education.models import AboutPage, Article, Frame, SelfTest
from education.views.languages import page_shows
from glutesite.page_cache import public_page


@public_page
def home(request):
    articles = Article.objects.published().with_contents()
    selftest = SelfTest.objects.published().first()
    return render(request, "education/site/home.html", {"articles": articles, "selftest": selftest})


@public_page
def about(request):
    page = AboutPage.objects.published().order_by("pk").first()
    if page is None:
        raise Http404("The About page has not been published yet.")
    page_shows(request, page)
    return render(request, "education/site/about.html", {"page": page})


MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp"}


@require_safe
def media(request, path):
    """Serve an editor's upload: only re-encoded images, with their real type, never sniffed."""
    content_type = MEDIA_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None or ".." in path or not default_storage.exists(path):
        raise Http404("No such image.")
    public = Frame.objects.shown_to_readers().filter(image=path).exists()
    if not (public or request.user.is_staff):
        raise Http404("No such image.")  # e.g. one only an editor's preview shows, so far
    response = FileResponse(default_storage.open(path), content_type=content_type)
    # A picture only editors may see yet must never be kept by a cache that others share.
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response


# The self-test's private steps and the search results, as routes (education/urls.py).
PRIVATE_ROUTES = (
    "self-test/<slug:slug>/step/<int:number>/",
    "self-test/<slug:slug>/check/",
    "self-test/<slug:slug>/result/<str:token>/",
    "search/",
)


@public_page
def robots_txt(request):
    """Crawlers may read everything public; the self-test's private steps are left out, in every
    language, and the sitemap lists the rest. The admin is not named: its address may be private
    (ADMIN_URL), and its pages already tell robots not to index them."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *"]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            root = reverse("education:home")
            lines += [f"Disallow: {root}{robots_pattern(route)}" for route in PRIVATE_ROUTES]
    lines.append(f"Sitemap: {sitemap}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def robots_pattern(route: str) -> str:
    """A route in the active language as a robots.txt pattern: "self-test/<slug:slug>/step/<int:
    number>/" is "self-test/*/step/" (a rule matches every address that starts with it)."""
    translated = pgettext("address", route)
    return re.sub(r"<[^>]+>", "*", re.sub(r"(<[^>]+>/)+$", "", translated))


@require_safe
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico, whatever icon the pages name."""
    return redirect(static("img/favicon.ico"))


# Django's own error views check the CSRF token first, which reads the request's body again:
# for a body Django has just refused (a form in a charset other than UTF-8, with a csrftoken
# cookie) that fails once more, outside Django's handling, and the client gets the server's bare
# 500. These make the site's error pages without reading the body.


def bad_request(request, exception):
    return error_page(request, "400.html", 400)


def permission_denied(request, exception):
    return error_page(request, "403.html", 403)


def page_not_found(request, exception):
    return error_page(request, "404.html", 404)


def server_error(request):
    return HttpResponse(render_to_string("500.html"), status=500)  # no request: it may be why


def error_page(request, template: str, status: int) -> HttpResponse:
    return HttpResponse(render_to_string(template, request=request), status=status)
