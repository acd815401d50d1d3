"""The article as structured pages: the list, an article's overview and one page of it."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from education import structured_data
from education.models import Article, Exercise


def published_article(slug: str) -> Article:
    return get_object_or_404(Article.objects.published().with_contents(), slug=slug)


@require_safe
def article_list(request):
    articles = Article.objects.published().with_contents()
    return render(request, "education/articles/list.html", {"articles": articles})


@require_safe
def article_detail(request, slug):
    article = published_article(slug)
    return render(request, "education/articles/detail.html", {"article": article})


@require_safe
def article_page(request, slug, page_slug):
    article = published_article(slug)
    exercises = Prefetch("exercises", queryset=Exercise.objects.published().order_by("name"))
    page = get_object_or_404(
        article.pages.prefetch_related("references", exercises), slug=page_slug
    )
    contents = article.contents
    index = [entry.pk for entry in contents].index(page.pk)
    return render(
        request,
        "education/articles/page.html",
        {
            "article": article,
            "page": page,
            "part": index + 1,
            "previous_page": contents[index - 1] if index > 0 else None,
            "next_page": contents[index + 1] if index + 1 < len(contents) else None,
            "structured_data": structured_data.article_page(request, article, page),
        },
    )
