"""An XSS payload corpus, a way to put it into every field editors write in, through the admin,
and a check that a page made from it carries nothing that could run."""

import re
from html.parser import HTMLParser

from django.urls import reverse

from education.models import (
    AboutPage,
    Article,
    Exercise,
    RedFlag,
    Reference,
    ReferralPage,
    SelfTest,
    Step,
)
from tests.forms import form_values

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](java\tscript:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](&#x6A;avascript&colon;alert(1))",
    "[a](%6a%61vascript:alert(1))",
    "[a]( javascript:alert(1))",
    "<javascript:alert(1)>",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[a](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    '[x](https://ok.example "t" onmouseover="alert(1)")',
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<<script>script>alert(1)<</script>/script>",
    "| a | <img src=x onerror=alert(1)> |\n|---|---|\n| [b](javascript:alert(1)) | c |",
    "Footnote[^x]\n\n[^x]: <img src=x onerror=alert(1)> [c](javascript:alert(1))",
    "`<script>alert(1)</script>` and ```<img src=x onerror=alert(1)>```",
    "{{ 7|add:7 }} {% now 'Y' %} ${alert(1)}",
    "\u202e<img src=x onerror=alert(1)>\u200b",
    "<a href='#' onclick='alert(1)'>#</a>",
]
SHORT = '"><img src=x onerror=alert(1)>'  # for fields of a line or two
RUNNABLE_URL = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"}
NEVER = {"iframe", "object", "embed", "frame", "applet", "style"}


def corpus() -> str:
    """Every payload, each its own paragraph, for a markdown field."""
    return "\n\n".join(PAYLOADS)


class _Runnable(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and RUNNABLE_URL.match(as_a_browser_reads(value or "")):
                self.found.append(f"<{tag} {name}={value[:40]}>")
        # (a <base> only to open links in a new tab is the admin preview's own)
        if tag in NEVER or {"meta": "http-equiv", "base": "href"}.get(tag) in named:
            self.found.append(f"<{tag}>")
        ours = (named.get("src") or "").startswith("/static/")
        data_only = named.get("type") == "application/ld+json"  # structured data: not run
        if tag == "script" and not (ours or data_only):
            self.found.append("<script> of its own")


def as_a_browser_reads(address: str) -> str:
    """An address as a browser's URL parser reads it: no spaces or controls around it, and no
    tabs or newlines anywhere ("java\tscript:" is "javascript:")."""
    return re.sub(r"[\t\n\r]", "", address.strip("".join(map(chr, range(33)))))


def runnable(page: str) -> list[str]:
    """Whatever in this HTML could run script: a script of its own (ours are files in /static/,
    or structured data), an on* attribute, a javascript: (or data:, vbscript:) address, a
    frame, object or style."""
    parser = _Runnable()
    parser.feed(page)
    return parser.found


def put_everywhere(editor) -> None:
    """Every field editors write in, filled with the corpus (or a short payload where a field
    takes a line) and published, through each object's change form in the admin."""
    objects = [
        Article.objects.get(),
        SelfTest.objects.get(),
        *Step.objects.order_by("order")[:4],
        Exercise.objects.filter(frames__isnull=False).distinct().first(),
        ReferralPage.objects.get(),
        AboutPage.objects.get(),
        Reference.objects.first(),
        RedFlag.objects.first(),
    ]
    for obj in objects:
        url = reverse(f"admin:education_{obj._meta.model_name}_change", args=[obj.pk])
        page = editor.get(url).content.decode()
        press = "_publish" if 'name="_publish"' in page else "_save"
        data = form_values(page, f"{obj._meta.model_name}_form", press=press)
        for name, value in list(data.items()):
            data[name] = filled(page, name, value)
        response = editor.post(url, data)
        errors = re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode())
        assert response.status_code == 302, (url, errors)


def filled(page: str, name: str, value):
    """The corpus for a markdown field, a short payload for a line of text, else as it was."""
    if re.search(rf'<textarea name="{re.escape(name)}"[^>]*markdown-input', page):
        return corpus()
    words = isinstance(value, str) and re.search(r"[a-z]{3,} [a-z]{2,}", value, re.IGNORECASE)
    if words and not name.endswith(("slug", "email", "url", "doi", "pose")):
        return f"{value[:80]} {SHORT}"
    return value
