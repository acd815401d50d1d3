"""Public pages served like static files, correct at once after an edit.

A view marked `public_page` renders the same page for every reader. The first time a reader
without a session asks for it, the page is rendered and stored under the current *content
version*; from then on `PageCacheMiddleware`, which sits just after whitenoise, answers from
this process's memory or from the shared cache before sessions, CSRF, the database or the
template engine are touched. Any change to content (see `education.apps`) sets a new content
version, so the very next request on every worker and every machine renders afresh.

The content version and the pages live in Django's cache: the "default" and "pages" aliases,
files on this machine by default and Redis when `REDIS_URL` is set (see settings). Each page is
stored once per encoding the reader accepts (zstd, br, gzip or none): compressed once, then
served as is.
"""

import hashlib
from collections import OrderedDict
from functools import wraps
from uuid import uuid4

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.views.decorators.http import require_safe
from django_http_compression.middleware import best_coding

VERSION_KEY = "content-version"
# Readers' browsers keep a page a minute, a CDN five: the site itself is correct at once.
SHARED = {"public": True, "max_age": 60, "s_maxage": 300, "stale_while_revalidate": 60}
PRIVATE = {"private": True, "no_cache": True}
# Request headers a view may answer differently to (htmx's partials): part of the key.
VARYING_HEADERS = ("HX-Request", "HX-History-Restore-Request")
IGNORED_VARY = {"cookie", "accept-language"}  # see PageCacheMiddleware.store


def public_page(view):
    """A page that is the same for every reader: cacheable here and by any CDN.

    It answers GET and HEAD only. A reader who has a session (an editor, or someone in the
    middle of the self-test) gets it marked private instead, as it may show them more.
    """

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.shared = response.status_code == 200 and not has_session(request)
        patch_cache_control(response, **(SHARED if response.shared else PRIVATE))
        # Compressed or not, as the reader accepts: a CDN keeps one copy of each.
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return wrapper


def cc_list(header: str) -> list[str]:
    return [value for value in cc_delim_re.split(header) if value]


def has_session(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def content_changed(**_signal) -> None:
    """A new content version, now and again once the change is committed.

    The first makes the change visible inside its own transaction (tests, shells); the
    second retires any page another request rendered from the old rows in the meantime.
    """
    new_version()
    transaction.on_commit(new_version)


def new_version() -> None:
    caches["default"].set(VERSION_KEY, uuid4().hex, timeout=None)


def current_version() -> str:
    """The content version; a fresh one if the cache lost it (never a value used before)."""
    version = caches["default"].get(VERSION_KEY)
    if version is None:
        caches["default"].add(VERSION_KEY, uuid4().hex, timeout=None)
        version = caches["default"].get(VERSION_KEY)
    return version


class StoredPage:
    """A rendered page as kept in the cache: plain values, cheap to pickle and to serve."""

    def __init__(self, response: HttpResponse):
        self.status = response.status_code
        self.headers = list(response.items())
        self.content = response.content

    def response(self, request) -> HttpResponse:
        """The page as this request asks for it: a 304 if the reader has it already. (The
        server itself leaves out the body of an answer to HEAD.)"""
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return get_conditional_response(request, etag=response.get("ETag"), response=response)


class Memory:
    """This process's own copy of the pages it served last: a bounded LRU."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self.pages = OrderedDict()

    def get(self, key):
        page = self.pages.get(key)
        if page is not None:
            self.pages.move_to_end(key)
        return page

    def put(self, key, page) -> None:
        self.pages[key] = page
        if len(self.pages) > self.max_entries:
            self.pages.popitem(last=False)


class PageCacheMiddleware:
    """Serves and stores the pages of `public_page` views for readers without a session."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.memory = Memory(settings.PAGE_CACHE_MEMORY_ENTRIES)

    def __call__(self, request):
        key = self.key(request)
        if key is None:
            return self.get_response(request)
        page = self.memory.get(key)
        if page is None:
            page = caches["pages"].get(key)
            if page is not None:
                self.memory.put(key, page)
        if page is not None:
            return page.response(request)
        response = self.get_response(request)
        if getattr(response, "shared", False):
            self.store(key, response)
        return response

    def store(self, key, response) -> None:
        if not is_shareable(response):  # it set a cookie, such as a CSRF token
            response["Cache-Control"] = "private, no-cache"
            return
        # Without a session cookie the session was empty: the page cannot depend on it. Nor on
        # Accept-Language, which LocaleMiddleware names for pages at the root although their
        # language comes from the address alone (English at the root, Spanish under /es/).
        vary = [v for v in cc_list(response.get("Vary", "")) if v.lower() not in IGNORED_VARY]
        del response["Vary"]
        if vary:
            response["Vary"] = ", ".join(vary)
        page = StoredPage(response)
        caches["pages"].set(key, page)
        self.memory.put(key, page)

    @staticmethod
    def key(request) -> str | None:
        """The page's key: its address, the content version, the encoding and the headers it
        varies on. None for a request the cache must not answer."""
        if request.method not in ("GET", "HEAD") or has_session(request):
            return None
        try:
            address = request.build_absolute_uri()
        except DisallowedHost:
            return None
        coding = best_coding(request.headers.get("Accept-Encoding", ""))
        varying = [request.headers.get(name, "") for name in VARYING_HEADERS]
        key = "|".join([current_version(), address, coding, *varying])
        return hashlib.sha256(key.encode()).hexdigest()


def is_shareable(response) -> bool:
    """Only a whole page that sets no cookie may be shared."""
    return response.status_code == 200 and not response.streaming and not response.cookies
