"""What a reader reads on a page, as plain sentences, and how hard it is to read."""

import re
from html.parser import HTMLParser

import textstat

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th", "figcaption", "label",
          "legend", "blockquote", "button", "summary"}  # fmt: skip
SKIPPED = {"script", "style", "svg", "nav", "header", "footer", "code", "form"}


class MainText(HTMLParser):
    """The text of <main>, one block a sentence (a list item or heading ends a sentence)."""

    def __init__(self):
        super().__init__()
        self.in_main = self.skipping = 0
        self.blocks, self.current = [], []

    def handle_starttag(self, tag, attrs):
        self.in_main += tag == "main"
        self.skipping += tag in SKIPPED and self.in_main > 0
        if tag in BLOCKS:
            self.end_block()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.end_block()
        self.skipping -= tag in SKIPPED and self.in_main > 0 and self.skipping > 0
        self.in_main -= tag == "main"

    def handle_data(self, data):
        if self.in_main and not self.skipping:
            self.current.append(data)

    def end_block(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text if text[-1] in ".!?:" else text + ".")
        self.current = []


def main_text(html: str) -> str:
    parser = MainText()
    parser.feed(html)
    parser.end_block()
    return " ".join(parser.blocks)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?:])\s+", text) if s.strip()]


def grade(text: str) -> float:
    textstat.set_lang("en")
    return textstat.flesch_kincaid_grade(text)


def fernandez_huerta(text: str) -> float:
    """Spanish reading ease: 60 or more is "fairly easy", about grade 8 or below."""
    textstat.set_lang("es")
    try:
        return textstat.fernandez_huerta(text)
    finally:
        textstat.set_lang("en")  # the English tests' language, as they expect it
