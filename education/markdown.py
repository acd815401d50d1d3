"""The one place HTML is made from editor text.

Python-Markdown does not sanitise, so raw HTML is first turned off (it is shown escaped, as text)
and the output is then cleaned by nh3 against an allowlist. Headings start at <h2> because the page
template owns the one <h1>.
"""

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

EXTENSION_CONFIGS = {"footnotes": {"BACKLINK_TITLE": "Back to the text of footnote %d"}}

ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote",
    "ul", "ol", "li", "strong", "em", "code", "pre", "a", "sup", "div",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}  # fmt: skip
ALLOWED_CLASSES = {"div": {"footnote"}, "a": {"footnote-ref", "footnote-backref"}}
URL_SCHEMES = {"http", "https", "mailto"}


class _HeadingsFromH2(Treeprocessor):
    """Turn a `#` heading into <h2>, so `#` and `##` both give the page's first level."""

    def run(self, root):
        for heading in root.iter("h1"):
            heading.tag = "h2"


class HeadingsFromH2(Extension):
    def extendMarkdown(self, md):
        # Before the toc extension (priority 5) so heading ids are made from the final tree.
        md.treeprocessors.register(_HeadingsFromH2(md), "headings_from_h2", 6)


def _markdown_without_raw_html() -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["tables", "footnotes", "sane_lists", "toc", HeadingsFromH2()],
        extension_configs=EXTENSION_CONFIGS,
    )
    # Without these two, raw HTML blocks and inline tags fall through to escaped text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def render_markdown(text: str) -> str:
    html = _markdown_without_raw_html().convert(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
