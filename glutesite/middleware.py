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
