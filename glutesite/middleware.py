import time

from django.conf import settings
from django.http import HttpResponseForbidden, HttpResponseNotAllowed
from django.middleware.csrf import CsrfViewMiddleware
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from education.admin.content import EDIT_TOKEN


def head_without_body(get_response):
    """Answer HEAD with the headers GET would send (its Content-Length included) and no body
    (RFC 9110, 9.3.2), rather than leave the body for the server to drop: gunicorn does, with a
    warning on every request."""

    def middleware(request):
        response = get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []  # the file stays open until the server closes
            else:
                response.content = b""
        return response

    return middleware


def method_not_allowed_page(get_response):
    """Give the bare 405 from require_GET/require_POST the site's layout and a plain message.

    Django has a handler setting for 400, 403, 404 and 500 pages but not for 405.
    """

    def middleware(request):
        response = get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

    return middleware


STAFF_SEEN = "staff_seen"


def staff_session_expiry(get_response):
    """Sign an editor out after STAFF_IDLE_MINUTES without a request.

    An admin left open on a shared clinic computer must not stay open for the default two weeks.
    Each request by staff restarts the clock; the admin's live previews count as requests, so an
    editor who is typing is not signed out.
    """

    def middleware(request):
        # Restarting the clock means writing the session: at most once a minute is enough.
        if request.user.is_staff and time.time() - request.session.get(STAFF_SEEN, 0) > 60:
            request.session[STAFF_SEEN] = time.time()
            request.session.set_expiry(settings.STAFF_IDLE_MINUTES * 60)
        return get_response(request)

    return middleware


def signed_out_admin_post(get_response):
    """An admin form sent after the editor was signed out: show them what they typed.

    The admin would send them to the login page and drop the form. Instead they get a 403 page
    with every text they typed, to copy back once signed in again. (htmx requests, such as the
    live markdown preview, answer for themselves.) Only for a form this site gave the same
    browser: the CSRF check comes first, so a post from another site gets Django's 403, never a
    page of ours showing what it sent.
    """
    admin_prefix = f"/{settings.ADMIN_URL}"
    signing_in_or_out = {f"{admin_prefix}login/", f"{admin_prefix}logout/"}
    csrf = CsrfViewMiddleware(get_response)

    def middleware(request):
        signed_out = (
            request.method == "POST"
            and request.path.startswith(admin_prefix)
            and request.path not in signing_in_or_out
            and not request.headers.get("HX-Request")
            and not request.user.is_staff
        )
        if not signed_out:
            return get_response(request)
        if refused := csrf.process_view(request, None, (), {}):
            return refused
        typed = [
            (name, value)
            for name, value in request.POST.items()
            if any(character.isalpha() for character in value)  # words, not ids or numbers
            and "password" not in name
            and not name.startswith(NOT_TYPED)
            and not name.endswith(NOT_TYPED)
        ]
        page = render_to_string("admin/signed_out.html", {"typed": typed}, request=request)
        response = HttpResponseForbidden(page)
        add_never_cache_headers(response)  # it holds what they typed: not for a shared cache
        return response

    return middleware


# Form bookkeeping, not words an editor typed (the admin's buttons all start with "_").
NOT_TYPED = ("csrfmiddlewaretoken", EDIT_TOKEN, "_", "-id", "-TOTAL_FORMS", "-INITIAL_FORMS",
             "-MIN_NUM_FORMS", "-MAX_NUM_FORMS", "-ORDER", "-DELETE")  # fmt: skip
