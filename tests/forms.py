"""Read HTML forms as a browser sees them: their values, as it would submit them unchanged."""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    id: str
    action: str
    method: str
    data: dict[str, str | list] = field(default_factory=dict)  # a list for a multiple choice
    buttons: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # the file inputs' names


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self.form = self._textarea = self._select = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.form = Form(attrs.get("id", ""), attrs.get("action") or "", method)
            self.forms.append(self.form)
        if self.form is None or ("name" not in attrs and tag != "option"):
            return
        data, kind = self.form.data, attrs.get("type")
        if tag == "input" and kind == "submit":
            self.form.buttons[attrs["name"]] = attrs.get("value", "")
        elif tag == "input" and kind == "file":
            self.form.files.append(attrs["name"])
        elif tag == "input" and kind in {"checkbox", "radio"}:
            if "checked" in attrs:
                data[attrs["name"]] = attrs.get("value", "on")
        elif tag == "input" and kind != "button":
            data[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            data[self._textarea] = ""
        elif tag == "select":
            self._select, self._multiple = attrs["name"], "multiple" in attrs
            if self._multiple:
                data[self._select] = []
        elif tag == "option" and self._select and "selected" in attrs:
            value = attrs.get("value", "")
            if self._multiple:
                data[self._select].append(value)
            else:
                data[self._select] = value

    def handle_data(self, data):
        if self._textarea:
            self.form.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.form.data[self._textarea] = self.form.data[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.form = None


def forms_in(page: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(page)
    return reader.forms


def form_values(page: str, form_id: str, press: str | None = None) -> dict[str, str | list]:
    """The values of the form with this id, plus the submit button named `press`."""
    form = next(form for form in forms_in(page) if form.id == form_id)
    return {**form.data, **({press: form.buttons[press]} if press else {})}


def edit_token(page: str) -> dict[str, str]:
    """The edit token a page's forms carry (the admin refuses a button pressed on a stale page)."""
    return {"edit_token": re.search(r'name="edit_token" value="([^"]*)"', page).group(1)}


def framed_page(response) -> str:
    """The public page an admin preview shows in its frame."""
    return html.unescape(re.search(r'srcdoc="([^"]*)"', response.content.decode()).group(1))
