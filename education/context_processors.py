from django.core.exceptions import DisallowedHost
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from education.views.languages import language_versions, page_language

# The header's sections, in order. A part of the site joins this list when it is built.
NAVIGATION = [
    (_("Learn"), "education:article-list"),
    (_("Self-test"), "education:selftest-index"),
    (_("Exercises"), "education:exercise-list"),
    (_("Find a chiropractor"), "education:referral"),
    (_("About"), "education:about"),
]


def navigation(request):
    """The header links, each marked current when the reader is anywhere in its section; in
    the page's language, whatever language its text is in (see page_shows)."""
    links = []
    with translation.override(page_language(request)):
        for label, url_name in NAVIGATION:
            url = reverse(url_name)
            links.append({"label": label, "url": url, "current": request.path.startswith(url)})
    return {"navigation": links}


def languages(request):
    """The page's language (of its address), and the page in each language."""
    return {
        "page_language": page_language(request),
        "language_versions": language_versions(request),
    }


def site_address(request):
    """This page's canonical address and the site's own, for links that leave the site.

    Empty for a request with a host we do not serve, so its 400 page still renders.
    """
    try:
        site_url = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return {"site_url": "", "canonical_url": ""}
    return {"site_url": site_url, "canonical_url": site_url + request.path}
