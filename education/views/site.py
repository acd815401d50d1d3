"""Pages about the site itself: the home page and the About page."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from education.models import AboutPage, Article, SelfTest


@require_GET
def home(request):
    articles = Article.objects.published().with_contents()
    selftest = SelfTest.objects.published().first()
    return render(request, "education/site/home.html", {"articles": articles, "selftest": selftest})


@require_GET
def about(request):
    page = AboutPage.objects.published().order_by("pk").first()
    if page is None:
        raise Http404("The About page has not been published yet.")
    return render(request, "education/site/about.html", {"page": page})
