"""Read an HTML form's current values, as a browser would submit them unchanged."""

import html
import re
from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data, self.buttons = form_id, False, {}, {}
        self._textarea = self._select = None
        self._multiple = False

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
            self._select, self._multiple = attrs["name"], "multiple" in attrs
            if self._multiple:
                self.data[self._select] = []
        elif tag == "option" and self._select and "selected" in attrs:
            value = attrs.get("value", "")
            if self._multiple:
                self.data[self._select].append(value)
            else:
                self.data[self._select] = value

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


def form_values(html: str, form_id: str, press: str | None = None) -> dict[str, str | list]:
    """The values (a list for a multiple choice), plus the submit button named `press`."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {
        name: value.removeprefix("\n") if isinstance(value, str) else value
        for name, value in reader.data.items()
    }
    if press is not None:
        data[press] = reader.buttons[press]
    return data


def framed_page(response) -> str:
    """The public page an admin preview shows in its frame."""
    return html.unescape(re.search(r'srcdoc="([^"]*)"', response.content.decode()).group(1))
