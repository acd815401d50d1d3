"""Site search: one function, `search(query)`, over the published content, grouped by part.

It searches the text in the reader's language (the English where a translation is missing),
ignoring accents ("gluteos" finds "glúteos"). On PostgreSQL it uses full-text search in that
language (stemmed, weighted: titles count most); elsewhere every word must appear in a title or
text. Either way title matches come first, and the snippet is made here, escaped, with the
matched words in <mark>.
"""

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import CharField, FloatField, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from education.models import ArticlePage, Exercise, Question, ReferralPage, SelfTest
from education.models.languages import Localized, reading_language, values_in_language

MAX_QUERY = 200  # characters; longer queries are cut, and the reader is told
SNIPPET = 160  # characters of text around the first match
TEXT_SEARCH_CONFIG = {"en": "english", "es": "spanish"}  # PostgreSQL's stemming, per language


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


def unaccented(text: str) -> str:
    """The text without accents, letter for letter ("glúteos" → "gluteos"), so positions found
    in it are positions in the text; registered as SQLite's `unaccent` too (see education.apps)."""
    return "".join(unicodedata.normalize("NFD", letter)[0] for letter in text)


def words_of(query: str) -> list[str]:
    words = re.findall(r"\w[\w'\u2019-]*", unaccented(query.lower()))
    return [word for word in words if len(word) > 1][:10]


@dataclass(frozen=True)
class Searched:
    """One kind of content the search looks through, and how a hit of it is shown."""

    group: str  # its heading on the results page (translated when shown)
    queryset: QuerySet
    titles: tuple[str, ...]  # fields that count most
    texts: tuple[str, ...]  # the other fields searched
    shown: tuple[str, ...]  # the title, then the fields the snippet is cut from
    url: Callable[[str, str], str]  # from the values of `slugs`
    slugs: tuple[str, ...] = ()  # the fields its address is made of


SEARCHED = (
    Searched(
        gettext_lazy("Guide"),
        ArticlePage.objects.filter(article__status="published"),
        ("title",), ("body",), ("title", "body_html"),
        lambda article, page: reverse("education:article-page", args=[article, page]),
        ("article__slug", "slug"),
    ),
    Searched(
        gettext_lazy("Exercises"),
        Exercise.objects.published(),
        ("name", "other_names"), ("summary",), ("name", "summary", "other_names"),
        lambda slug, _: reverse("education:exercise-detail", args=[slug]),
        ("slug",),
    ),
    Searched(
        gettext_lazy("Self-test"),
        SelfTest.objects.published(),
        ("title",), ("summary", "intro"), ("title", "summary", "intro_html"),
        lambda slug, _: reverse("education:selftest-start", args=[slug]),
        ("slug",),
    ),
    Searched(
        gettext_lazy("Find a chiropractor"),
        ReferralPage.objects.published(),
        ("title",), ("summary", "when_to_go", "what_to_expect", "pledge", "how_to_find"),
        ("title", "summary", "when_to_go_html", "how_to_find_html"),
        lambda *_: reverse("education:referral"),
    ),
    Searched(
        gettext_lazy("Find a chiropractor"),
        Question.objects.filter(page__status="published"),
        ("question",), ("answer",), ("question", "answer_html"),
        lambda *_: reverse("education:referral") + "#faq-heading",
    ),
)  # fmt: skip
NO_TEXT = Value("", output_field=CharField())


def found(searched: Searched, words: list[str], index: int) -> QuerySet:
    """The rows of one kind that match: (kind, title, text, slug, slug, rank)."""
    queryset = searched.queryset.order_by()
    titles = [Unaccent(Localized(name)) for name in searched.titles]
    texts = [Unaccent(Localized(name)) for name in searched.texts]
    if connection.vendor == "postgresql":
        config = TEXT_SEARCH_CONFIG[reading_language()]
        vector = SearchVector(*titles, weight="A", config=config) + SearchVector(
            *texts, weight="B", config=config
        )
        query = SearchQuery(" ".join(words), search_type="plain", config=config)
        queryset = queryset.annotate(rank=SearchRank(vector, query)).filter(rank__gt=0)
    else:
        searched_texts = {f"searched_{number}": text for number, text in enumerate(titles + texts)}
        queryset = queryset.alias(**searched_texts)
        for word in words:
            any_field = Q()
            for name in searched_texts:
                any_field |= Q(**{f"{name}__icontains": word})
            queryset = queryset.filter(any_field)
        queryset = queryset.annotate(rank=Value(1.0, output_field=FloatField()))
    title, *shown = searched.shown
    spaced = [part for name in shown for part in (Localized(name), Value(" "))][:-1]
    text = Concat(*spaced, output_field=TextField()) if len(shown) > 1 else shown[0]
    slugs = [*searched.slugs, NO_TEXT, NO_TEXT][:2]
    return values_in_language(queryset, Value(index), title, text, *slugs, "rank")


def highlight(text: str, words: list[str]) -> SafeString:
    """An escaped extract of `text` around the first matched word, the words marked."""
    text = re.sub(r"</h[1-6]>", ": ", text)  # so a heading does not run into its paragraph
    text = " ".join(html.unescape(strip_tags(text)).split())  # plain text, escaped once below
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    found = pattern.search(unaccented(text))
    start = max(0, found.start() - SNIPPET // 3) if found else 0
    extract = text[start : start + SNIPPET]
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET < len(text) else ""
    marked, end = [], 0  # the matches are found without accents, and marked in the text
    for match in pattern.finditer(unaccented(extract)):
        before, word = extract[end : match.start()], extract[match.start() : match.end()]
        marked += [escape(before), "<mark>", escape(word), "</mark>"]
        end = match.end()
    safe = "".join(marked) + escape(extract[end:])
    return mark_safe(f"{prefix}{safe}{suffix}")  # every piece was escaped above


def hit(title: str, text: str, url: str, words: list[str]) -> Hit:
    return Hit(
        title=title,
        url=url,
        snippet=highlight(text, words),
        title_matches=any(word in unaccented(title.lower()) for word in words),
    )


def search(query: str) -> list[Group]:
    """The groups with at least one hit, for the query's words (none for an empty query),
    found in one query over every kind of content."""
    words = words_of(query[:MAX_QUERY])
    if not words:
        return []
    first, *others = (found(searched, words, index) for index, searched in enumerate(SEARCHED))
    rows = sorted(first.union(*others, all=True), key=lambda row: (row[0], -row[5]))
    found_hits = [
        (index, hit(title, text, SEARCHED[index].url(*slugs), words))
        for index, title, text, *slugs, _ in rows
    ]
    # Of each kind, title matches first, then as the database ranked them.
    found_hits.sort(key=lambda pair: (pair[0], not pair[1].title_matches))
    groups = {searched.group: Group(str(searched.group)) for searched in SEARCHED}
    for index, found_hit in found_hits:
        groups[SEARCHED[index].group].hits.append(found_hit)
    # Groups with a title match come first; otherwise the site's own order.
    return sorted(
        (group for group in groups.values() if group.hits),
        key=lambda group: not group.hits[0].title_matches,
    )
