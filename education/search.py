"""Site search: one function, `search(query)`, over the published content, grouped by part.

On PostgreSQL it uses full-text search (stemmed, weighted: titles count most); elsewhere every
word must appear in a title or text. Either way title matches come first, and the snippet is
made here, escaped, with the matched words in <mark>.
"""

import html
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from education.models import ArticlePage, Exercise, Question, ReferralPage, SelfTest

MAX_QUERY = 200  # characters; longer queries are cut, and the reader is told
SNIPPET = 160  # characters of text around the first match


@dataclass
class Hit:
    title: str
    url: str
    snippet: SafeString
    title_matches: bool


@dataclass
class Group:
    name: str
    hits: list[Hit] = field(default_factory=list)


def words_of(query: str) -> list[str]:
    return [word for word in re.findall(r"\w[\w'\u2019-]*", query.lower()) if len(word) > 1][:10]


def matching(queryset, title_fields: list[str], text_fields: list[str], words: list[str]):
    """The objects whose titles or texts match, best first."""
    if connection.vendor == "postgresql":
        vector = SearchVector(*title_fields, weight="A", config="english") + SearchVector(
            *text_fields, weight="B", config="english"
        )
        search_query = SearchQuery(" ".join(words), search_type="plain", config="english")
        return list(
            queryset.annotate(rank=SearchRank(vector, search_query))
            .filter(rank__gt=0)
            .order_by("-rank")
        )
    for word in words:
        any_field = Q()
        for name in (*title_fields, *text_fields):
            any_field |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(any_field)
    return list(queryset)


def highlight(text: str, words: list[str]) -> SafeString:
    """An escaped extract of `text` around the first matched word, the words marked."""
    text = re.sub(r"</h[1-6]>", ": ", text)  # so a heading does not run into its paragraph
    text = " ".join(html.unescape(strip_tags(text)).split())  # plain text, escaped once below
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    found = pattern.search(text)
    start = max(0, found.start() - SNIPPET // 3) if found else 0
    extract = text[start : start + SNIPPET]
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET < len(text) else ""
    marked = pattern.sub(lambda match: f"\0{match.group(0)}\1", extract)
    safe = escape(marked).replace("\0", "<mark>").replace("\1", "</mark>")
    return mark_safe(f"{prefix}{safe}{suffix}")  # every piece was escaped above


def hits(objects, words, *, title, text, url) -> list[Hit]:
    found = [
        Hit(
            title=title(obj),
            url=url(obj),
            snippet=highlight(text(obj), words),
            title_matches=any(word in title(obj).lower() for word in words),
        )
        for obj in objects
    ]
    # A stable sort: title matches first, each kind in the order the database ranked them.
    return sorted(found, key=lambda hit: not hit.title_matches)


def search(query: str) -> list[Group]:
    """The groups with at least one hit, for the query's words (none for an empty query)."""
    words = words_of(query[:MAX_QUERY])
    if not words:
        return []
    pages = ArticlePage.objects.filter(article__status="published").select_related("article")
    exercises = Exercise.objects.published()
    tests = SelfTest.objects.published()
    referral = ReferralPage.objects.published()
    questions = Question.objects.filter(page__status="published").select_related("page")
    groups = [
        Group("Guide", hits(
            matching(pages, ["title"], ["body"], words), words,
            title=lambda p: p.title, text=lambda p: p.body_html,
            url=lambda p: p.get_absolute_url(),
        )),
        Group("Exercises", hits(
            matching(exercises, ["name", "other_names"], ["summary"], words), words,
            title=lambda e: e.name, text=lambda e: f"{e.summary} Also called: {e.other_names}",
            url=lambda e: e.get_absolute_url(),
        )),
        Group("Self-test", hits(
            matching(tests, ["title"], ["summary", "intro"], words), words,
            title=lambda t: t.title, text=lambda t: f"{t.summary} {t.intro_html}",
            url=lambda t: t.get_absolute_url(),
        )),
        Group("Find a chiropractor", [
            *hits(
                matching(referral, ["title"], ["summary", "when_to_go", "what_to_expect",
                         "pledge", "how_to_find"], words), words,
                title=lambda r: r.title,
                text=lambda r: f"{r.summary} {r.when_to_go_html} {r.how_to_find_html}",
                url=lambda r: r.get_absolute_url(),
            ),
            *hits(
                matching(questions, ["question"], ["answer"], words), words,
                title=lambda q: q.question, text=lambda q: q.answer_html,
                url=lambda q: q.page.get_absolute_url() + "#faq-heading",
            ),
        ]),
    ]  # fmt: skip
    # Groups with a title match come first; otherwise the site's own order.
    found = [group for group in groups if group.hits]
    return sorted(found, key=lambda group: not group.hits[0].title_matches)
