"""Site search: a plain GET form; with htmx the results follow the reader's typing."""

from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from education.search import MAX_QUERY, search
from education.views.htmx import page_or_partial


@vary_on_headers("HX-Request")
@require_safe
def site_search(request):
    query = request.GET.get("q", "").strip()
    groups = search(query)
    context = {
        "query": query[:MAX_QUERY],
        "shortened": len(query) > MAX_QUERY,
        "groups": groups,
        "count": sum(len(group.hits) for group in groups),
    }
    return render(
        request,
        page_or_partial(request, "education/search/results.html", "results-response"),
        context,
    )
