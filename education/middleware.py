from django.http import HttpResponsePermanentRedirect

from education.models import OldAddress


def old_address_redirect(get_response):
    """Send a reader who asks for a published thing's old address to where it lives now.

    Only for addresses nothing else answers (a 404), so a live page always wins.
    """

    def middleware(request):
        response = get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        if "\x00" in request.path:  # no address has one, and PostgreSQL cannot compare it
            return response
        old = OldAddress.objects.filter(path=request.path).first()
        target = old.content_object if old else None
        if target is None or not target.is_published:
            return response
        return HttpResponsePermanentRedirect(target.get_absolute_url())

    return middleware
