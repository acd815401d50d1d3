from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.template.loader import render_to_string


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


def staff_session_expiry(get_response):
    """Sign an editor out after STAFF_IDLE_MINUTES without a request.

    An admin left open on a shared clinic computer must not stay open for the default two weeks.
    Each request by staff restarts the clock; the admin's live previews count as requests, so an
    editor who is typing is not signed out.
    """

    def middleware(request):
        if request.user.is_staff:
            request.session.set_expiry(settings.STAFF_IDLE_MINUTES * 60)
        return get_response(request)

    return middleware
