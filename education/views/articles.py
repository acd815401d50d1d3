"""The article as structured pages: the list, an article's overview and one page of it."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from education import structured_data
from education.models import Article, ArticlePage, Exercise
from education.models.languages import by_slug
from education.views.languages import page_shows
from glutesite.page_cache import public_page


def published_article(slug: str) -> Article:
    return get_object_or_404(Article.objects.published().with_contents().filter(by_slug(slug)))


@public_page
def article_list(request):
    articles = Article.objects.published().with_contents()
    return render(request, "education/articles/list.html", {"articles": articles})


@public_page
def article_detail(request, slug):
    article = published_article(slug)
    page_shows(request, slug=article)
    return render(request, "education/articles/detail.html", {"article": article})


@public_page
def article_page(request, slug, page_slug):
    contents = list(ArticlePage.objects.reading(slug, page_slug))
    index = next((i for i, entry in enumerate(contents) if entry.slug == page_slug), None)
    if index is None:
        raise Http404("No such page.")
    page, article = contents[index], contents[index].article
    page_shows(request, slug=article, page_slug=page)
    article.contents = contents
    references = list(page.references.all())
    return render(
        request,
        "education/articles/page.html",
        {
            "article": article,
            "page": page,
            "references": references,
            "exercises": Exercise.objects.published().filter(article_pages=page).order_by("name"),
            "part": index + 1,
            "previous_page": contents[index - 1] if index > 0 else None,
            "next_page": contents[index + 1] if index + 1 < len(contents) else None,
            "structured_data": structured_data.article_page(request, article, page, references),
        },
    )
