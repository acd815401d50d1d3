from html.parser import HTMLParser

import pytest

from education.markdown import ALLOWED_TAGS, render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<details open ontoggle=alert(1)>",
    '<p onclick="alert(1)">hi</p>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name=x></form>',
    '[x](https://ok.example "title" onmouseover="alert(1)")',
    "<<script>script>alert(1)<</script>/script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<object data="x.swf"></object>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]

SAFE_SCHEMES = ("https:", "http:", "mailto:", "#", "/")


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed_tags(html):
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_markup_is_neutralised(payload):
    html = render_markdown(f"Before {payload} after\n\n{payload}")
    for tag, attrs in parsed_tags(html):
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") or name == "style" for name in attrs)
        assert attrs.get("href", "#").lower().startswith(SAFE_SCHEMES)
        assert "src" not in attrs


def test_raw_html_is_shown_as_text_not_dropped():
    assert "&lt;b&gt;bold?&lt;/b&gt;" in render_markdown("<b>bold?</b>")


def test_headings_start_at_h2_with_stable_ids():
    html = render_markdown("# Why glutes matter\n\n## Three muscles\n\n### Medius")
    assert '<h2 id="why-glutes-matter">Why glutes matter</h2>' in html
    assert '<h2 id="three-muscles">Three muscles</h2>' in html
    assert '<h3 id="medius">Medius</h3>' in html
    assert "<h1" not in html


def test_tables_lists_and_footnotes_render():
    html = render_markdown(
        "| Muscle | Job |\n|---|---|\n| Medius | Steadies the hip |\n\n"
        "- one\n- two\n\n1. first\n2. second\n\nA claim.[^1]\n\n[^1]: The source."
    )
    assert "<table>" in html and "<td>Medius</td>" in html
    assert "<ul>" in html and "<ol>" in html
    assert 'class="footnote-ref"' in html and '<li id="fn:1">' in html


def test_safe_links_keep_their_address():
    html = render_markdown(
        "[NICE](https://www.nice.org.uk/guidance/ng59) [mail](mailto:a@b.c) [in](/about/)"
    )
    assert 'href="https://www.nice.org.uk/guidance/ng59"' in html
    assert 'href="mailto:a@b.c"' in html
    assert 'href="/about/"' in html
