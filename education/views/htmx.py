"""The one rule for answering htmx: its requests get a page's partial, everything else the page."""


def page_or_partial(request, template: str, partial: str) -> str:
    """`template`, or `template#partial` for an htmx swap.

    A history restore asks for the whole page even when htmx sends it.
    """
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{partial}"
    return template
