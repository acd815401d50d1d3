"""Links from editors' markdown to pages of this site, followed the way a reader would."""

import re
from urllib.parse import urlsplit

from education.admin.preview import PreviewPage, render_public
from education.markdown import render_markdown
from education.models.publishing import rolled_back

HREF = re.compile(r'href="([^"]+)"')


def internal_paths(html: str) -> list[str]:
    """The site-relative links in rendered markdown, without their #fragment or ?query."""
    hrefs = (href for href in HREF.findall(html) if href.startswith("/"))
    return [urlsplit(href).path for href in hrefs if not href.startswith("//")]


def leads_somewhere(request, path: str) -> bool:
    with rolled_back():  # rendering a page may count a visit; this was no visit
        response = render_public(request, PreviewPage(path, path))
    return response.status_code < 400


def broken_in_forms(request, forms) -> list[tuple[str, str]]:
    """(link, where it is) for each internal link in the forms' markdown that leads nowhere."""
    found = []
    for form in forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("DELETE"):
            continue
        model = form._meta.model
        for name in getattr(model, "markdown_fields", {}):
            for path in internal_paths(render_markdown(data.get(name) or "")):
                where = f"{model._meta.verbose_name} “{form.instance}”"
                found.append((path, where))
    working = {path: leads_somewhere(request, path) for path in {path for path, _ in found}}
    return [(path, where) for path, where in found if not working[path]]
