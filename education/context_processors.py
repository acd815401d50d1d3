from django.urls import reverse

# The header's sections, in order. A part of the site joins this list when it is built.
NAVIGATION = [
    ("Learn", "education:article-list"),
    ("Self-test", "education:selftest-index"),
    ("Exercises", "education:exercise-list"),
    ("About", "education:about"),
]


def navigation(request):
    """The header links, each marked current when the reader is anywhere in its section."""
    links = []
    for label, url_name in NAVIGATION:
        url = reverse(url_name)
        links.append({"label": label, "url": url, "current": request.path.startswith(url)})
    return {"navigation": links}
