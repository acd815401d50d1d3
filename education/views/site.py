"""Pages about the site itself: the home page and the About page."""

from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from education.models import AboutPage, Article, Frame, SelfTest
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
    return render(request, "education/site/about.html", {"page": page})


MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp"}


@require_GET
def media(request, path):
    """Serve an editor's upload: only re-encoded images, with their real type, never sniffed."""
    content_type = MEDIA_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None or ".." in path or not default_storage.exists(path):
        raise Http404("No such image.")
    if not (request.user.is_staff or Frame.objects.shown_to_readers().filter(image=path).exists()):
        raise Http404("No such image.")  # e.g. one only an editor's preview shows, so far
    response = FileResponse(default_storage.open(path), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@public_page
def robots_txt(request):
    """Crawlers may read everything public; the self-test's private steps are left out, and the
    sitemap lists the rest. The admin is not named: its address may be private (ADMIN_URL), and
    its pages already tell robots not to index them."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /self-test/*/step/",
        "Disallow: /self-test/*/check/",
        "Disallow: /self-test/*/result/",
        "Disallow: /search/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
