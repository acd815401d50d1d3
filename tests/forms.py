"""Read an HTML form's current values, as a browser would submit them unchanged."""

import re
from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data, self.buttons = form_id, False, {}, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input" and attrs.get("type") == "submit":
            self.buttons[attrs["name"]] = attrs.get("value", "")
        elif tag == "input" and attrs.get("type") not in {"button", "file"}:
            if attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[attrs["name"]] = attrs.get("value", "on")
            else:
                self.data[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def edit_token(html: str) -> dict[str, str]:
    """The edit token a page's forms carry (the admin refuses a button pressed on a stale page)."""
    return {"edit_token": re.search(r'name="edit_token" value="([^"]*)"', html).group(1)}


def form_values(html: str, form_id: str, press: str | None = None) -> dict[str, str]:
    """The values, plus the submit button named `press` (which must be in the form)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {name: value.removeprefix("\n") for name, value in reader.data.items()}
    if press is not None:
        data[press] = reader.buttons[press]
    return data
