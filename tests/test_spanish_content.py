"""The Spanish edition of the content files, education/content/es/, read as files (the loader
pairs it with the English one to one): it has the same parts as the English, reads at grade 8
or easier, keeps every warning, and links only to Spanish pages."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from education.loading import CONTENT_DIR, read_markdown_file, read_toml
from education.markdown import render_markdown
from tests.readability import fernandez_huerta, main_text, sentences

ES = CONTENT_DIR / "es"
MIN_FERNANDEZ_HUERTA = 60  # "bastante fácil" or easier: about grade 8 or below
MAX_SAFETY_SENTENCE_WORDS = 25  # as for the English (tests/test_content.py)
MAX_SENTENCE_WORDS = 35  # any sentence: one long one can hide in a page's average
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# The Spanish fields of each file, as the "Content" section lists them.
ARTICLE_FIELDS = {"title", "slug", "summary"}
PAGE_FIELDS = {"title", "slug"}
EXERCISE_FIELDS = {"name", "slug", "other_names", "summary", "feel_it", "not_feel_it",
                   "frequency", "when_to_stop", "steps", "mistakes", "frame"}  # fmt: skip
WEEK_FIELDS = {"week_1", "week_2", "week_3", "week_4"}  # a 4-week plan's doses, where given
FRAME_FIELDS = {"caption", "alt"}
MUSCLE_FIELDS = {"map_region", "name", "everyday_name", "what_it_does"}
TEST_FIELDS = {"title", "slug", "summary", "intro", "safety_note", "privacy_note", "step",
               "outcome"}  # fmt: skip
STEP_FIELDS = {"title", "body", "safety_note", "pose_alt"}
CHOICE_FIELDS = {"label", "hint", "result_note"}
OUTCOME_FIELDS = {"title", "body"}
REFERRAL_FIELDS = {"title", "summary", "when_to_go", "what_to_expect", "pledge_intro",
                   "how_to_find", "disclosure", "pledge_translation", "faq"}  # fmt: skip
REFERRAL_TEXTS = REFERRAL_FIELDS - {"faq", "pledge_translation"}
ABOUT_FIELDS = {"title", "summary"}

# The Spanish site's sections, and the English ones they stand for.
SECTIONS = {"article": "articulo", "exercises": "ejercicios", "self-test": "autoevaluacion",
            "find-a-chiropractor": "quiropractico", "about": "acerca-de",
            "reminders": "recordatorios"}  # fmt: skip
# The about page's heading ids come from the heading text (Python-Markdown's toc extension,
# without attr_list), so the Spanish headings have Spanish ids.
ABOUT_ANCHORS = {"editorial-policy": "politica-editorial", "privacy": "privacidad"}
KEPT_ANCHORS = {"warning-signs"}  # made by a template, in both languages

EMERGENCY_EN = "911 (US and Canada) or your local emergency number"
EMERGENCY_ES = "llame al 911 (en ee. uu. y canadá) o al número de emergencias de su país"
PAIN_EN = re.compile(r"\b(hurts?|pain|painful)\b", re.IGNORECASE)
PAIN_ES = re.compile(r"dol|duel", re.IGNORECASE)


# ── Reading the files ─────────────────────────────────────────────────────────────────────


def english_and_spanish(relative: str) -> tuple[dict, dict]:
    return read_toml(CONTENT_DIR / relative), read_toml(ES / relative)


def article_dirs() -> list[Path]:
    return sorted(path for path in (CONTENT_DIR / "articles").iterdir() if path.is_dir())


def page_files(article_dir: Path) -> list[str]:
    return sorted(path.name for path in article_dir.glob("*.md"))


def exercise_files() -> list[str]:
    return sorted(path.name for path in (CONTENT_DIR / "exercises").glob("*.toml"))


def selftest_files() -> list[str]:
    return sorted(path.name for path in (CONTENT_DIR / "selftests").glob("*.toml"))


def markdown_pair(relative: str) -> tuple[tuple[dict, str], tuple[dict, str]]:
    return read_markdown_file(CONTENT_DIR / relative), read_markdown_file(ES / relative)


def slug_map() -> dict[str, str]:
    """Every English address of the content and its Spanish twin."""
    addresses = {"/": "/es/"}
    addresses |= {f"/{en}/": f"/es/{es}/" for en, es in SECTIONS.items()}
    for article_dir in article_dirs():
        relative = f"articles/{article_dir.name}"
        english, spanish = english_and_spanish(f"{relative}/article.toml")
        base_en, base_es = f"/article/{english['slug']}/", f"/es/articulo/{spanish['slug']}/"
        addresses[base_en] = base_es
        for name in page_files(article_dir):
            (page_en, _), (page_es, _) = markdown_pair(f"{relative}/{name}")
            addresses[f"{base_en}{page_en['slug']}/"] = f"{base_es}{page_es['slug']}/"
    for name in exercise_files():
        english, spanish = english_and_spanish(f"exercises/{name}")
        addresses[f"/exercises/{english['slug']}/"] = f"/es/ejercicios/{spanish['slug']}/"
    for name in selftest_files():
        english, spanish = english_and_spanish(f"selftests/{name}")
        addresses[f"/self-test/{english['slug']}/"] = f"/es/autoevaluacion/{spanish['slug']}/"
    return addresses


def pairs() -> Iterator[tuple[str, str, str]]:
    """Every translated text: where it is, the English and the Spanish."""
    for article_dir in article_dirs():
        relative = f"articles/{article_dir.name}"
        english, spanish = english_and_spanish(f"{relative}/article.toml")
        for field in ("title", "summary"):
            yield f"{relative}: {field}", english[field], spanish[field]
        for name in page_files(article_dir):
            (front_en, body_en), (front_es, body_es) = markdown_pair(f"{relative}/{name}")
            yield f"{relative}/{name}: title", front_en["title"], front_es["title"]
            yield f"{relative}/{name}: body", body_en, body_es
    for name in exercise_files():
        english, spanish = english_and_spanish(f"exercises/{name}")
        for field in EXERCISE_FIELDS - {"slug", "other_names", "steps", "mistakes", "frame"}:
            yield f"{name}: {field}", english[field], spanish[field]
        for field in ("steps", "mistakes"):
            for number, (en, es) in enumerate(zip(english[field], spanish[field], strict=True)):
                yield f"{name}: {field} {number + 1}", en, es
        for number, (en, es) in enumerate(zip(english["frame"], spanish["frame"], strict=True)):
            for field in FRAME_FIELDS:
                yield f"{name}: frame {number + 1} {field}", en[field], es[field]
    english, spanish = english_and_spanish("muscles.toml")
    for en, es in zip(english["muscle"], spanish["muscle"], strict=True):
        for field in MUSCLE_FIELDS - {"map_region"}:
            yield f"muscle {en['map_region']}: {field}", en[field], es[field]
    english, spanish = english_and_spanish("red_flags.toml")
    for en, es in zip(english["red_flag"], spanish["red_flag"], strict=True):
        yield f"red flag {en['key']}", en["text"], es["text"]
    for name in selftest_files():
        english, spanish = english_and_spanish(f"selftests/{name}")
        for field in TEST_FIELDS - {"slug", "step", "outcome"}:
            yield f"{name}: {field}", english[field], spanish[field]
        for number, (step_en, step_es) in enumerate(
            zip(english["step"], spanish["step"], strict=True), start=1
        ):
            for field in STEP_FIELDS:
                yield f"{name}: step {number} {field}", step_en.get(field, ""), step_es[field]
            choices = zip(step_en.get("choice", []), step_es.get("choice", []), strict=True)
            for letter, (en, es) in zip("abcdefgh", choices, strict=False):
                for field in CHOICE_FIELDS:
                    yield f"{name}: step {number}{letter} {field}", en[field], es[field]
        for en, es in zip(english["outcome"], spanish["outcome"], strict=True):
            for field in OUTCOME_FIELDS:
                yield f"{name}: outcome {en['title']!r} {field}", en[field], es[field]
    (english, _), (spanish, _) = markdown_pair("referral.md")
    for field in REFERRAL_TEXTS:
        yield f"referral.md: {field}", english[field], spanish[field]
    yield "referral.md: pledge_translation", english["pledge"], spanish["pledge_translation"]
    for number, (en, es) in enumerate(zip(english["faq"], spanish["faq"], strict=True), 1):
        for field in ("question", "answer"):
            yield f"referral.md: faq {number} {field}", en[field], es[field]
    (english, body_en), (spanish, body_es) = markdown_pair("about.md")
    for field in ABOUT_FIELDS:
        yield f"about.md: {field}", english[field], spanish[field]
    yield "about.md: body", body_en, body_es


# ── 1. Structure: the same parts as the English, one to one ───────────────────────────────


def test_the_spanish_files_are_the_english_files():
    def names(root: Path) -> set[str]:
        files = {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}
        return {name for name in files if not name.startswith("es/")}

    english = names(CONTENT_DIR) - {"released.json"}  # not translated
    assert names(ES) == english | {"lists.toml"}


def test_only_citations_with_words_of_ours_are_translated():
    """A paper is cited as published: only a citation without a DOI or address of its own (the
    source article's, which describes it in our words) has a Spanish entry."""
    english, spanish = english_and_spanish("references.toml")
    papers = {ref["key"] for ref in english["reference"] if ref["doi"] or ref["url"]}
    translated = {ref["key"] for ref in spanish["reference"]}
    assert translated == {ref["key"] for ref in english["reference"]} - papers == {"source-article"}
    for ref in spanish["reference"]:
        assert set(ref) == {"key", "citation"}


def test_the_article_and_its_pages_pair_one_to_one():
    for article_dir in article_dirs():
        relative = f"articles/{article_dir.name}"
        assert set(read_toml(ES / relative / "article.toml")) == ARTICLE_FIELDS
        assert page_files(ES / relative) == page_files(article_dir)
        for name in page_files(article_dir):
            (_, body_en), (front, body) = markdown_pair(f"{relative}/{name}")
            assert set(front) == PAGE_FIELDS, name
            assert headings(body) and len(headings(body)) == len(headings(body_en)), name
            assert list_items(body) == list_items(body_en), name
            assert body.count("\n> ") == body_en.count("\n> "), name  # the pledge's quotation


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")] or ["(none)"]


def list_items(markdown: str) -> list[str]:
    """The kind of each list item in order, e.g. ['-', '-', '1.'], to compare the structure."""
    found = re.findall(r"^(?:[-*]|\d+\.) ", markdown, re.MULTILINE)
    return [item.strip() if item.strip()[0] in "-*" else "1." for item in found]


@pytest.mark.parametrize("name", exercise_files())
def test_an_exercise_pairs_one_to_one(name):
    english, spanish = english_and_spanish(f"exercises/{name}")
    assert set(spanish) == EXERCISE_FIELDS | (WEEK_FIELDS & set(english))
    for field in ("steps", "mistakes", "frame"):
        assert len(spanish[field]) == len(english[field]), field
    assert all(set(frame) == FRAME_FIELDS for frame in spanish["frame"])
    assert english["name"] in spanish["other_names"]  # readers search for the English name
    for field in ("when_to_stop",):
        assert list_items(spanish[field]) == list_items(english[field])


def test_the_muscles_pair_one_to_one_by_map_region():
    english, spanish = english_and_spanish("muscles.toml")
    regions = [muscle["map_region"] for muscle in english["muscle"]]
    assert [muscle["map_region"] for muscle in spanish["muscle"]] == regions
    assert all(set(muscle) == MUSCLE_FIELDS for muscle in spanish["muscle"])


def test_every_category_and_piece_of_equipment_has_a_spanish_name():
    used = {"category": set(), "equipment": set()}
    for name in exercise_files():
        exercise = read_toml(CONTENT_DIR / "exercises" / name)
        used["category"].add(exercise["category"])
        used["equipment"] |= set(exercise["equipment"]) - {"none"}
    lists = read_toml(ES / "lists.toml")
    assert set(lists) == set(used)
    for table, slugs in used.items():
        assert set(lists[table]) == slugs, table
        assert all(name.strip() for name in lists[table].values())


def test_the_warning_signs_keep_their_keys_order_and_levels():
    english, spanish = english_and_spanish("red_flags.toml")
    assert [flag["key"] for flag in spanish["red_flag"]] == [
        flag["key"] for flag in english["red_flag"]
    ]
    for en, es in zip(english["red_flag"], spanish["red_flag"], strict=True):
        assert set(es) <= {"key", "text", "level"}
        assert es.get("level", en["level"]) == en["level"]  # the level is the English one
        assert es["text"].strip() and es["text"][0].islower(), en["key"]  # reads after "con…"


@pytest.mark.parametrize("name", selftest_files())
def test_the_self_test_pairs_one_to_one(name):
    english, spanish = english_and_spanish(f"selftests/{name}")
    assert set(spanish) == TEST_FIELDS
    assert len(spanish["step"]) == len(english["step"])
    assert len(spanish["outcome"]) == len(english["outcome"])
    for step_en, step_es in zip(english["step"], spanish["step"], strict=True):
        assert set(step_es) - {"choice"} == STEP_FIELDS
        assert len(step_es.get("choice", [])) == len(step_en.get("choice", []))
        assert all(set(choice) == CHOICE_FIELDS for choice in step_es.get("choice", []))
        assert bool(step_es["pose_alt"]) == bool(step_en.get("pose_alt")), step_en["title"]
    assert all(set(outcome) == OUTCOME_FIELDS for outcome in spanish["outcome"])


def test_the_referral_page_pairs_one_to_one_and_leaves_the_pledge_alone():
    (english, _), (spanish, body) = markdown_pair("referral.md")
    assert set(spanish) == REFERRAL_FIELDS  # no `pledge`: the page quotes it in English
    assert body.strip() == ""
    assert len(spanish["faq"]) == len(english["faq"])
    assert all(set(entry) == {"question", "answer"} for entry in spanish["faq"])
    search = '"ChiroTrust Pledge" "Olympia, WA"'
    assert search in english["how_to_find"] and search in spanish["how_to_find"]


def test_the_about_page_says_it_is_a_translation_awaiting_clinical_review():
    (_, _), (front, body) = markdown_pair("about.md")
    assert set(front) == ABOUT_FIELDS
    assert "traducción" in body and "equipo editorial de GluteSite" in body
    assert re.search(r"revisión clínica[^.]*lengua materna sea el español", body)
    assert "Todavía falta" in body


def test_the_slugs_are_spanish_ascii_and_unique():
    english_to_spanish = slug_map()
    spanish = list(english_to_spanish.values())
    assert len(spanish) == len(set(spanish))
    for address in spanish:
        assert all(SLUG.fullmatch(part) for part in address.strip("/").split("/")), address
    assert english_to_spanish["/exercises/glute-bridge/"] == "/es/ejercicios/puente-de-gluteos/"
    test_address = "/es/autoevaluacion/autoevaluacion-de-gluteos/"
    assert english_to_spanish["/self-test/glute-activation-check/"] == test_address


# ── 2. Readability: each page at grade 8 or easier ────────────────────────────────────────


def plain(*texts: str) -> str:
    """What a reader reads: markdown rendered and stripped, each paragraph, list item and
    heading its own sentence (ended with a period if it has none)."""
    return " ".join(main_text(f"<main>{render_markdown(text)}</main>") for text in texts if text)


def readable_pages() -> Iterator[tuple[str, str, str]]:
    """(kind, where, text) for each page a reader reads in Spanish, or part of one."""
    for article_dir in article_dirs():
        relative = f"articles/{article_dir.name}"
        article = read_toml(ES / relative / "article.toml")
        yield "article", relative, plain(article["title"], article["summary"])
        for name in page_files(article_dir):
            front, body = read_markdown_file(ES / relative / name)
            yield "article page", name, plain(front["title"], body)
    for name in exercise_files():
        es = read_toml(ES / "exercises" / name)
        texts = [es["name"], es["summary"], es["feel_it"], es["not_feel_it"], es["frequency"]]
        texts += es["steps"] + es["mistakes"] + [es["when_to_stop"]]
        texts += [frame[field] for frame in es["frame"] for field in ("caption", "alt")]
        yield "exercise", name, plain(*texts)
    for name in selftest_files():
        es = read_toml(ES / "selftests" / name)
        fields = ("title", "summary", "intro", "safety_note", "privacy_note")
        yield "self-test start", name, plain(*(es[field] for field in fields))
        for number, step in enumerate(es["step"], start=1):
            texts = [step[field] for field in ("title", "body", "safety_note", "pose_alt")]
            for choice in step.get("choice", []):
                texts += [choice["label"], choice["hint"], choice["result_note"]]
            yield "self-test step", f"{name} step {number}", plain(*texts)
        for outcome in es["outcome"]:
            yield "self-test outcome", outcome["title"], plain(outcome["title"], outcome["body"])
    front, _ = read_markdown_file(ES / "referral.md")
    texts = [front[field] for field in ("title", "summary", "when_to_go", "what_to_expect",
                                        "pledge_intro", "pledge_translation", "how_to_find",
                                        "disclosure")]  # fmt: skip
    texts += [entry[field] for entry in front["faq"] for field in ("question", "answer")]
    yield "referral page", "referral.md", plain(*texts)
    front, body = read_markdown_file(ES / "about.md")
    yield "about page", "about.md", plain(front["title"], front["summary"], body)
    muscles = read_toml(ES / "muscles.toml")["muscle"]
    yield "muscles", "muscles.toml", plain(*(
        f"{m['name']}: {m['everyday_name']}. {m['what_it_does']}" for m in muscles
    ))  # fmt: skip
    flags = read_toml(ES / "red_flags.toml")["red_flag"]
    yield "warning signs", "red_flags.toml", plain(*(flag["text"] for flag in flags))


def test_every_spanish_page_reads_at_grade_8_or_easier():
    scores = {(kind, where): fernandez_huerta(text) for kind, where, text in readable_pages()}
    too_hard = {page: score for page, score in scores.items() if score < MIN_FERNANDEZ_HUERTA}
    assert too_hard == {}
    assert len(scores) > 30


def test_no_sentence_is_very_long():
    long = [
        (where, sentence)
        for _, where, text in readable_pages()
        for sentence in sentences(text)
        if len(sentence.split()) > MAX_SENTENCE_WORDS
    ]
    assert long == []


def test_the_readability_text_has_no_markdown_left():
    for _, where, text in readable_pages():
        assert not re.search(r"\*\*|\]\(|^#|^- ", text, re.MULTILINE), where


def test_safety_advice_comes_in_short_sentences():
    safety = [es for where, _, es in pairs() if re.search(
        r"when_to_stop|safety_note|red flag|outcome .*(hurt|doctor|help now)", where
    )]  # fmt: skip
    long = [
        sentence
        for text in safety
        for sentence in sentences(plain(text))
        if len(sentence.split()) > MAX_SAFETY_SENTENCE_WORDS
    ]
    assert long == []


# ── 3. Safety: the same warnings, as urgent as in English ─────────────────────────────────


def test_every_emergency_text_still_says_911():
    for where, english, spanish in pairs():
        if "911" in english:
            assert "911" in spanish, where
        if EMERGENCY_EN in english:
            assert EMERGENCY_ES in spanish.lower(), where


def test_what_says_pain_in_english_says_pain_in_spanish():
    for where, english, spanish in pairs():
        if PAIN_EN.search(english):
            assert PAIN_ES.search(spanish), where


@pytest.mark.parametrize("name", selftest_files())
def test_an_answer_that_a_check_hurt_still_says_so(name):
    english, spanish = english_and_spanish(f"selftests/{name}")
    pain_answers = 0
    for step_en, step_es in zip(english["step"], spanish["step"], strict=True):
        for en, es in zip(step_en.get("choice", []), step_es.get("choice", []), strict=True):
            if en["flag"] == "pain":
                pain_answers += 1
                assert PAIN_ES.search(es["label"]), es["label"]
                assert es["label"] == "No pude hacerlo: me dolió"
    assert pain_answers > 0
    for en, es in zip(english["outcome"], spanish["outcome"], strict=True):
        if en["flag"] == "pain":
            assert PAIN_ES.search(es["title"]) and PAIN_ES.search(es["body"])
        if en["flag"] == "emergency":
            assert EMERGENCY_ES in es["body"].lower()


def test_numbers_names_and_quotations_are_kept():
    pledge = read_markdown_file(CONTENT_DIR / "referral.md")[0]["pledge"]
    kept = [pledge, '"ChiroTrust Pledge" "Olympia, WA"', "NICE", "NG59", "Trendelenburg",
            "Stuart McGill", "New York Times", "ChiroTrust"]  # fmt: skip
    for where, english, spanish in pairs():
        if where.endswith("pledge_translation"):
            continue  # the pledge in Spanish: its English words are quoted beside it
        for text in kept:
            if text in english:
                assert text in spanish, (where, text)
        numbers = set(re.findall(r"\d+", english))
        assert numbers <= set(re.findall(r"\d+", spanish)), where


# ── 4. Links: to Spanish pages, the ones the English links to ─────────────────────────────


def links(markdown: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", markdown)


def heading_ids(markdown: str) -> set[str]:
    return set(re.findall(r'<h[2-6] id="([^"]+)"', render_markdown(markdown)))


def spanish_address(english: str) -> str:
    path, _, anchor = english.partition("#")
    translated = slug_map()[path]
    if anchor:
        translated += "#" + (ABOUT_ANCHORS[anchor] if path == "/about/" else anchor)
    return translated


def test_every_internal_link_goes_to_a_spanish_page_of_ours():
    known = set(slug_map().values())
    about_ids = heading_ids(read_markdown_file(ES / "about.md")[1])
    assert set(ABOUT_ANCHORS.values()) <= about_ids
    checked = 0
    for where, _, spanish in pairs():
        for link in links(spanish):
            if re.match(r"[a-z]+:", link):
                continue  # another site, or an e-mail address
            path, _, anchor = link.partition("#")
            assert path.startswith("/es/") and path in known, (where, link)
            if anchor:
                allowed = about_ids if path == "/es/acerca-de/" else KEPT_ANCHORS
                assert anchor in allowed, (where, link)
            checked += 1
    assert checked >= 8


def test_each_link_is_the_spanish_twin_of_the_english_one():
    for where, english, spanish in pairs():
        internal = [link for link in links(english) if link.startswith("/")]
        assert [spanish_address(link) for link in internal] == [
            link for link in links(spanish) if link.startswith("/")
        ], where
