"""Forms on pages every reader shares (and a CDN may keep) carry no per-reader CSRF token.
Their posts are refused unless the browser says they come from this site's own pages."""

from functools import wraps

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt


def from_this_site(request) -> bool:
    """What the browser says of where the form was: `Sec-Fetch-Site`, else `Origin`.

    Browsers send one or both with every form post; a request with neither is not trusted.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    try:
        own = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return False
    return origin is not None and (origin == own or origin in settings.CSRF_TRUSTED_ORIGINS)


def same_origin_post(view):
    """Instead of Django's CSRF token, which would make the page differ for every reader."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not from_this_site(request):
            return render(request, "403_origin.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
