"""The initial content: read from the text files in education/content/, compared with the
database field by field, and written where editors have not changed it.

Each kind of content knows how to find its objects, and how to read and write them as plain
values (the same shape for a file and for the database), so the two can be compared. A field is
updated from the files only when its value in the database is one that an earlier release of the
files loaded: `released.json` keeps a fingerprint of every value each release shipped. Anything
else is an editor's change, and is kept.
"""

import hashlib
import json
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import reversion
from django.conf import settings
from django.utils import translation

from education.models import (
    AboutPage,
    Article,
    ArticlePage,
    Category,
    Choice,
    Equipment,
    Exercise,
    ExerciseStep,
    Frame,
    LoadedContent,
    Mistake,
    Muscle,
    Outcome,
    Question,
    RedFlag,
    Reference,
    ReferralPage,
    SelfTest,
    Step,
)
from education.translation import fingerprints_summed_once

CONTENT_DIR = Path(__file__).resolve().parent / "content"
RELEASED_FILE = "released.json"
FRONT_MATTER_FENCE = "+++"
REVISION_COMMENT = "Loaded from education/content/"
SPANISH = "es"
REVIEW_FIELDS = ("status", "last_reviewed", "next_review")


class ContentError(ValueError):
    pass


@dataclass
class Item:
    """One piece of content as the files have it."""

    key: str  # stable across releases, e.g. "exercise:glute-bridge"
    fields: dict  # plain values, comparable with `Kind.read(obj)`
    kind: "Kind"  # finds, reads and writes it


def fingerprint(value) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def read_markdown_file(path: Path) -> tuple[dict, str]:
    """Split a file of `+++`-fenced TOML front matter and a markdown body."""
    fence, front_matter, body = path.read_text(encoding="utf-8").split(FRONT_MATTER_FENCE + "\n", 2)
    if fence:
        raise ContentError(f"{path} must start with a {FRONT_MATTER_FENCE} line")
    return tomllib.loads(front_matter), body.strip() + "\n"


def plain(value):
    """A file's or a field's value as JSON-like data (dates as ISO text)."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def values_of(obj, names) -> dict:
    return {name: plain(getattr(obj, name)) for name in names}


def assign(obj, values: dict, names) -> None:
    """Set these fields from plain values (a date's ISO text becomes a date again)."""
    for name in names:
        if name in values:
            setattr(obj, name, obj._meta.get_field(name).to_python(values[name]))


def parts_in_spanish(parts, names: tuple[str, ...]) -> list:
    """The Spanish of each part (a step, a frame...): its text, or a dict of its texts."""
    values = [{name: getattr(part, f"{name}_{SPANISH}") or "" for name in names} for part in parts]
    return [value[names[0]] for value in values] if len(names) == 1 else values


def write_parts_in_spanish(parts, values: list, names: tuple[str, ...]) -> None:
    for part, value in zip(parts, values, strict=False):
        texts = {names[0]: value} if len(names) == 1 else value
        for name in names:
            setattr(part, f"{name}_{SPANISH}", texts[name])
        part.save()


def is_empty(value) -> bool:
    """Whether a value holds no words at all: a translation nobody has written yet."""
    if isinstance(value, dict):
        return all(is_empty(item) for item in value.values())
    if isinstance(value, list):
        return all(is_empty(item) for item in value)
    return not value


def default(model, name: str):
    """A field's value before anyone set it: what a file that does not name it means."""
    return plain(model._meta.get_field(name).get_default())


def slugs(related, field="slug") -> list[str]:
    return sorted(getattr(item, field) for item in related.all())


class Kind:
    """How one kind of content is found, read and written, in English and in Spanish.

    The Spanish of a file lies at the same place under es/ (education/content/es/...) and
    holds only the words: its values become the `<field>_es` fields of the same item.
    """

    model = None
    fields: tuple[str, ...] = ()  # plain model fields; subclasses add related ones
    spanish: tuple[str, ...] = ()  # the plain fields the Spanish files give

    def __init__(self, content_dir: Path):
        self.dir = content_dir

    def spanish_names(self) -> tuple[str, ...]:
        return tuple(f"{name}_{SPANISH}" for name in self.spanish)

    def spanish_file(self, english: Path) -> Path | None:
        path = self.dir / SPANISH / english.relative_to(self.dir)
        return path if path.exists() else None

    def in_spanish(self, entry: dict | None) -> dict:
        """The Spanish values of a Spanish file's entry, as `<field>_es` (none without one)."""
        if entry is None:
            return {}
        return {f"{name}_{SPANISH}": plain(entry[name]) for name in self.spanish if name in entry}

    def entries(self, name: str, table: str, key: str) -> Iterator[tuple[dict, dict]]:
        """Each entry of the list file `name` with its Spanish values, paired by `key`."""
        file = self.dir / name
        spanish = self.spanish_file(file)
        in_spanish = {e[key]: e for e in read_toml(spanish)[table]} if spanish else {}
        for entry in read_toml(file)[table]:
            yield entry, self.in_spanish(in_spanish.get(entry[key]))

    def items(self) -> Iterator[Item]:
        raise NotImplementedError

    def find(self, item: Item):
        raise NotImplementedError

    def new(self, item: Item):
        return self.model()

    def read(self, obj) -> dict:
        return values_of(obj, self.fields + self.spanish_names())

    def write(self, obj, values: dict) -> None:
        assign(obj, values, self.fields + self.spanish_names())
        obj.save()

    def owner(self, obj):
        """What the admin's history shows a change to `obj` under (a page: its article)."""
        return obj

    def has_field(self, name: str) -> bool:
        return name in self.fields

    def owner_key(self, item: Item) -> str:
        return item.key

    def finish(self) -> None:
        """Called once every item of this kind is written."""


class References(Kind):
    """The sources pages cite. A paper is cited as published; the Spanish file gives only the
    citations with words of ours."""

    model = Reference
    fields = ("citation", "doi", "url")
    spanish = ("citation",)

    def items(self):
        for entry, spanish in self.entries("references.toml", "reference", key="key"):
            fields = {name: entry[name] for name in self.fields} | spanish
            yield Item(f"reference:{entry['key']}", fields, self)

    def find(self, item):
        return next(
            (ref for ref in Reference.objects.all() if identity(ref) == identity(item)), None
        )

    def keys_by_identity(self) -> dict[str, str]:
        """Each reference's identity and its key in the files, to compare pages' sources."""
        return {identity(item): slug_of(item) for item in self.items()}


def identity(reference: Reference | Item) -> str:
    """What a reference is known by: its DOI, else its URL, else its citation."""
    if isinstance(reference, Item):
        return reference.fields["doi"] or reference.fields["url"] or reference.fields["citation"]
    return reference.doi or reference.url or reference.citation


def reference_keys(references, by_identity: dict[str, str]) -> list[str]:
    """The files' keys of a page's references; one an editor added keeps its own identity."""
    return sorted(by_identity.get(identity(ref), f"db:{ref.pk}") for ref in references.all())


def reference_objects(keys, by_identity: dict[str, str]) -> list[Reference]:
    wanted = {known for known, key in by_identity.items() if key in keys}
    return [ref for ref in Reference.objects.all() if identity(ref) in wanted]


class Articles(Kind):
    """An article, each followed by its pages, so that each gets one version with them."""

    model = Article
    fields = ("title", "summary", *REVIEW_FIELDS)
    spanish = ("title", "slug", "summary")

    def __init__(self, content_dir):
        super().__init__(content_dir)
        self.pages = Pages(content_dir)

    def items(self):
        for article_dir in sorted((self.dir / "articles").iterdir()):
            file = article_dir / "article.toml"
            fields = {key: plain(value) for key, value in read_toml(file).items()}
            spanish = self.spanish_file(file)
            fields |= self.in_spanish(read_toml(spanish) if spanish else None)
            yield Item(f"article:{fields.pop('slug')}", fields, self)
            yield from self.pages.items_of(article_dir)

    def find(self, item):
        return Article.objects.filter(slug=slug_of(item)).first()

    def new(self, item):
        return Article(slug=slug_of(item))


class Pages(Kind):
    model = ArticlePage
    fields = ("title", "order", "body", "shows_glute_map", "shows_warning_signs")
    spanish = ("title", "slug", "body")

    def __init__(self, content_dir):
        super().__init__(content_dir)
        self.references = References(content_dir).keys_by_identity()

    def items_of(self, article_dir: Path):
        article = read_toml(article_dir / "article.toml")["slug"]
        for order, page_file in enumerate(sorted(article_dir.glob("*.md")), start=1):
            front_matter, body = read_markdown_file(page_file)
            fields = {
                "shows_glute_map": False,
                "shows_warning_signs": False,
                **front_matter,
                "order": order,
                "body": body,
            }
            fields["references"] = sorted(fields["references"])
            slug = fields.pop("slug")
            if spanish := self.spanish_file(page_file):
                front_matter, body = read_markdown_file(spanish)
                fields |= self.in_spanish({**front_matter, "body": body})
            yield Item(f"page:{article}/{slug}", fields, self)

    def owner_key(self, item):
        return "article:" + slug_of(item).split("/")[0]

    def find(self, item):
        article, slug = item.key.split(":", 1)[1].split("/")
        return ArticlePage.objects.filter(article__slug=article, slug=slug).first()

    def new(self, item):
        article, slug = item.key.split(":", 1)[1].split("/")
        return ArticlePage(article=Article.objects.get(slug=article), slug=slug)

    def owner(self, page):
        return page.article

    def read(self, page):
        return {
            **super().read(page),
            "references": reference_keys(page.references, self.references),
        }

    def write(self, page, values):
        super().write(page, values)
        if "references" in values:
            page.references.set(reference_objects(values["references"], self.references))


class About(Kind):
    model = AboutPage
    fields = ("title", "summary", "contact_email", "contact_is_sample", "body", *REVIEW_FIELDS)
    spanish = ("title", "summary", "body")

    def items(self):
        file = self.dir / "about.md"
        front_matter, body = read_markdown_file(file)
        fields = {"contact_is_sample": False, **front_matter, "body": body}
        values = {name: plain(fields[name]) for name in self.fields}
        if spanish := self.spanish_file(file):
            front_matter, body = read_markdown_file(spanish)
            values |= self.in_spanish({**front_matter, "body": body})
        yield Item("about", values, self)

    def find(self, item):
        return AboutPage.objects.order_by("pk").first()


class Muscles(Kind):
    model = Muscle
    fields = ("name", "everyday_name", "what_it_does")
    spanish = fields

    def items(self):
        for entry, spanish in self.entries("muscles.toml", "muscle", key="map_region"):
            fields = {name: entry[name] for name in self.fields} | spanish
            yield Item(f"muscle:{entry['map_region']}", fields, self)

    def find(self, item):
        return Muscle.objects.filter(map_region=slug_of(item)).first()

    def new(self, item):
        return Muscle(map_region=slug_of(item))


class Exercises(Kind):
    """An exercise with its steps, mistakes and frames, and its links to muscles, equipment,
    article pages and its easier version (linked once all exercises exist)."""

    model = Exercise
    fields = (
        "name", "other_names", "summary", "difficulty", "feel_it", "not_feel_it", "sets",
        "reps", "hold_seconds", "per_side", "frequency", "when_to_stop", "links_reminders",
        "week_1", "week_2", "week_3", "week_4", *REVIEW_FIELDS,
    )  # fmt: skip
    spanish = ("name", "slug", "summary", "feel_it", "not_feel_it", "frequency", "when_to_stop",
               "week_1", "week_2", "week_3", "week_4")  # fmt: skip
    lists = {"steps": ExerciseStep, "mistakes": Mistake}
    spanish_parts = {"steps": ("text",), "mistakes": ("text",), "frames": ("caption", "alt")}

    def __init__(self, content_dir):
        super().__init__(content_dir)
        self.easier_links = {}

    def items(self):
        for path in sorted((self.dir / "exercises").glob("*.toml")):
            entry = read_toml(path)
            fields = {
                name: plain(entry[name]) if name in entry else default(Exercise, name)
                for name in self.fields
                if name != "other_names"
            }
            fields |= {
                "other_names": ", ".join(entry["other_names"]),
                "category": entry["category"],
                "equipment": sorted(item for item in entry["equipment"] if item != "none"),
                "primary_muscles": sorted(entry["primary_muscles"]),
                "secondary_muscles": sorted(entry["secondary_muscles"]),
                "article_pages": sorted(entry["article_pages"]),
                "easier": entry["easier"],
                "steps": entry["steps"],
                "mistakes": entry["mistakes"],
                "frames": [frame_values(frame) for frame in entry["frame"]],
            }
            if spanish := self.spanish_file(path):
                fields |= self.spanish_values(read_toml(spanish))
            yield Item(f"exercise:{entry['slug']}", fields, self)

    def spanish_values(self, entry: dict) -> dict:
        return {
            **self.in_spanish(entry),
            "other_names_es": ", ".join(entry["other_names"]),
            "steps_es": entry["steps"],
            "mistakes_es": entry["mistakes"],
            "frames_es": [{"caption": f["caption"], "alt": f["alt"]} for f in entry["frame"]],
        }

    def find(self, item):
        return Exercise.objects.filter(slug=slug_of(item)).first()

    def new(self, item):
        return Exercise(slug=slug_of(item))

    def read(self, exercise):
        return {
            **super().read(exercise),
            "category": exercise.category.slug,
            "equipment": slugs(exercise.equipment),
            "primary_muscles": slugs(exercise.primary_muscles, "map_region"),
            "secondary_muscles": slugs(exercise.secondary_muscles, "map_region"),
            "article_pages": slugs(exercise.article_pages),
            "easier": exercise.easier.slug if exercise.easier else "",
            "steps": [step.text for step in exercise.steps.all()],
            "mistakes": [mistake.text for mistake in exercise.mistakes.all()],
            "frames": [
                {"caption": f.caption, "alt": f.alt, "pose": f.pose, "image": f.image.name}
                for f in exercise.frames.all()
            ],
            "other_names_es": exercise.other_names_es or "",
            **{
                f"{name}_es": parts_in_spanish(getattr(exercise, name).all(), names)
                for name, names in self.spanish_parts.items()
            },
        }

    def write(self, exercise, values):
        spanish_parts = {  # read before the parts are made again from their English
            name: values.get(f"{name}_es") or parts_in_spanish(getattr(exercise, name).all(), names)
            for name, names in self.spanish_parts.items()
        } if exercise.pk else {}  # fmt: skip
        assign(exercise, values, (*self.fields, *self.spanish_names(), "other_names_es"))
        if "category" in values:
            exercise.category, _ = Category.objects.get_or_create(
                slug=values["category"], defaults={"name": values["category"].title()}
            )
        exercise.save()
        if "equipment" in values:
            exercise.equipment.set(
                Equipment.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]
                for slug in values["equipment"]
            )
        for name in ("primary_muscles", "secondary_muscles"):
            if name in values:
                getattr(exercise, name).set(Muscle.objects.filter(map_region__in=values[name]))
        if "article_pages" in values:
            exercise.article_pages.set(ArticlePage.objects.filter(slug__in=values["article_pages"]))
        for name, model in self.lists.items():
            if name in values:
                model.objects.filter(exercise=exercise).delete()
                for order, text in enumerate(values[name], start=1):
                    model.objects.create(exercise=exercise, order=order, text=text)
        if "frames" in values:
            exercise.frames.all().delete()
            for order, frame in enumerate(values["frames"], start=1):
                Frame.objects.create(
                    exercise=exercise, order=order, caption=frame["caption"], alt=frame["alt"],
                    pose=frame["pose"],
                )  # fmt: skip
        for name, names in self.spanish_parts.items():
            if name in values or f"{name}_es" in values:
                spanish = values.get(f"{name}_es") or spanish_parts.get(name, [])
                write_parts_in_spanish(getattr(exercise, name).all(), spanish, names)
        if "easier" in values:
            self.easier_links[exercise] = values["easier"]

    def finish(self):
        for exercise, easier in self.easier_links.items():
            exercise.easier = Exercise.objects.filter(slug=easier).first() if easier else None
            exercise.save(update_fields=["easier"])


class Categories(Kind):
    """The Spanish names of the categories the exercises use (their English names come from
    their slugs, when an exercise first uses them)."""

    model = Category
    section = "category"
    spanish = ("name",)

    def items(self):
        spanish = self.dir / SPANISH / "lists.toml"
        names = read_toml(spanish)[self.section] if spanish.exists() else {}
        for slug, name in names.items():
            yield Item(f"{self.section}:{slug}", {"name_es": name}, self)

    def find(self, item):
        return self.model.objects.filter(slug=slug_of(item)).first()

    def new(self, item):
        return self.model(slug=slug_of(item), name=slug_of(item).title())


class EquipmentNames(Categories):
    model = Equipment
    section = "equipment"


def frame_values(frame: dict) -> dict:
    """A frame of a file: its words, and a pose made of everything else it gives."""
    pose = {key: value for key, value in frame.items() if key not in ("caption", "alt")}
    return {"caption": frame["caption"], "alt": frame["alt"], "pose": pose, "image": ""}


class RedFlags(Kind):
    """The one list of warning signs. A flag of the files is the row with a text that a release
    shipped for it: one an editor rewrote is theirs."""

    model = RedFlag
    fields = ("level", "text", "order")
    spanish = ("text",)

    def __init__(self, content_dir, released=None):
        super().__init__(content_dir)
        self.released = released or {}

    def items(self):
        entries = self.entries("red_flags.toml", "red_flag", key="key")
        for order, (entry, spanish) in enumerate(entries, 1):
            fields = {"level": entry["level"], "text": entry["text"], "order": order} | spanish
            yield Item(f"red-flag:{entry['key']}", fields, self)

    def find(self, item):
        texts = {fingerprint(item.fields["text"]), *self.released.get(item.key, {}).get("text", ())}
        return next(
            (flag for flag in RedFlag.objects.all() if fingerprint(flag.text) in texts), None
        )


class SelfTests(Kind):
    """A self-test. Its steps, choices and outcomes are one value, the flow: the scores, flags
    and outcomes only make sense together, so an editor's change anywhere in it keeps all of it."""

    model = SelfTest
    fields = ("title", "summary", "minutes", "intro", "safety_note", "privacy_note", *REVIEW_FIELDS)
    step_fields = ("kind", "title", "body", "safety_note", "red_flag_level", "skip_if_flagged",
                   "pose", "pose_alt")  # fmt: skip
    choice_fields = ("label", "hint", "score", "flag", "result_note", "links_reminders")
    outcome_fields = ("title", "flag", "min_score", "max_score", "body", "show_referral")
    spanish = ("title", "slug", "summary", "intro", "safety_note", "privacy_note")
    spanish_step = ("title", "body", "safety_note", "pose_alt")
    spanish_choice = ("label", "hint", "result_note")
    spanish_outcome = ("title", "body")

    def items(self):
        for path in sorted((self.dir / "selftests").glob("*.toml")):
            entry = read_toml(path)
            fields = {name: plain(entry[name]) for name in self.fields}
            steps = [
                {
                    **{name: step.get(name) for name in self.step_fields},
                    "pose_alt": step.get("pose_alt", ""),
                    "choices": [
                        {n: c[n] if n in c else default(Choice, n) for n in self.choice_fields}
                        for c in step.get("choice", [])
                    ],
                }
                for step in entry["step"]
            ]
            outcomes = [
                {
                    **{n: o[n] for n in self.outcome_fields},
                    "exercises": sorted(o.get("exercises", [])),
                }
                for o in entry["outcome"]
            ]
            fields["flow"] = {"steps": steps, "outcomes": outcomes}
            if spanish := self.spanish_file(path):
                fields |= self.spanish_values(read_toml(spanish))
            yield Item(f"selftest:{entry['slug']}", fields, self)

    def spanish_values(self, entry: dict) -> dict:
        """The Spanish test: its own fields, and the words of its flow, part by part."""
        steps = [
            {
                **{name: step.get(name, "") for name in self.spanish_step},
                "choices": [
                    {name: choice.get(name, "") for name in self.spanish_choice}
                    for choice in step.get("choice", [])
                ],
            }
            for step in entry["step"]
        ]
        outcomes = [{n: o.get(n, "") for n in self.spanish_outcome} for o in entry["outcome"]]
        return {**self.in_spanish(entry), "flow_es": {"steps": steps, "outcomes": outcomes}}

    def spanish_flow(self, test) -> dict:
        steps = [
            {
                **parts_in_spanish([step], self.spanish_step)[0],
                "choices": parts_in_spanish(step.choices.all(), self.spanish_choice),
            }
            for step in test.steps.all()
        ]
        outcomes = parts_in_spanish(test.outcomes.all(), self.spanish_outcome)
        return {"steps": steps, "outcomes": outcomes}

    def write_spanish_flow(self, test, flow: dict) -> None:
        steps = list(test.steps.all())
        write_parts_in_spanish(steps, flow["steps"], self.spanish_step)
        for step, spanish in zip(steps, flow["steps"], strict=False):
            write_parts_in_spanish(step.choices.all(), spanish["choices"], self.spanish_choice)
        write_parts_in_spanish(test.outcomes.all(), flow["outcomes"], self.spanish_outcome)

    def find(self, item):
        return SelfTest.objects.filter(slug=slug_of(item)).first()

    def new(self, item):
        return SelfTest(slug=slug_of(item))

    def read(self, test):
        steps = [
            {
                **values_of(step, self.step_fields),
                "choices": [values_of(choice, self.choice_fields) for choice in step.choices.all()],
            }
            for step in test.steps.all()
        ]
        outcomes = [
            {**values_of(outcome, self.outcome_fields), "exercises": slugs(outcome.exercises)}
            for outcome in test.outcomes.all()
        ]
        return {
            **super().read(test),
            "flow": {"steps": steps, "outcomes": outcomes},
            "flow_es": self.spanish_flow(test),
        }

    def write(self, test, values):
        # The Spanish flow is read before the English one is made again, which would lose it.
        spanish_flow = values.get("flow_es") or (self.spanish_flow(test) if test.pk else None)
        super().write(test, values)
        if "flow" in values:
            self.write_flow(test, values["flow"])
        if spanish_flow and ("flow" in values or "flow_es" in values):
            self.write_spanish_flow(test, spanish_flow)

    def write_flow(self, test, flow: dict) -> None:
        test.steps.all().delete()
        test.outcomes.all().delete()
        for order, fields in enumerate(flow["steps"], start=1):
            step_values = {name: fields[name] for name in self.step_fields}
            step = Step.objects.create(self_test=test, order=order, **step_values)
            for choice_order, choice in enumerate(fields["choices"], start=1):
                Choice.objects.create(step=step, order=choice_order, **choice)
        for order, fields in enumerate(flow["outcomes"], start=1):
            outcome_values = {name: fields[name] for name in self.outcome_fields}
            outcome = Outcome.objects.create(self_test=test, order=order, **outcome_values)
            outcome.exercises.set(Exercise.objects.filter(slug__in=fields["exercises"]))


class Referral(Kind):
    model = ReferralPage
    fields = ("title", "summary", "when_to_go", "what_to_expect", "pledge_intro", "pledge",
              "pledge_source", "how_to_find", "disclosure", *REVIEW_FIELDS)  # fmt: skip
    spanish = ("title", "summary", "when_to_go", "what_to_expect", "pledge_intro",
               "pledge_translation", "how_to_find", "disclosure")  # fmt: skip
    faq_fields = ("question", "answer")

    def __init__(self, content_dir):
        super().__init__(content_dir)
        self.references = References(content_dir).keys_by_identity()

    def items(self):
        file = self.dir / "referral.md"
        fields, _ = read_markdown_file(file)
        values = {name: plain(fields[name]) for name in self.fields}
        values["references"] = sorted(fields.get("references", []))
        values["faq"] = [{name: q[name] for name in self.faq_fields} for q in fields["faq"]]
        if spanish := self.spanish_file(file):
            fields, _ = read_markdown_file(spanish)
            values |= self.in_spanish(fields)
            values["faq_es"] = [{name: q[name] for name in self.faq_fields} for q in fields["faq"]]
        yield Item("referral", values, self)

    def find(self, item):
        return ReferralPage.objects.order_by("pk").first()

    def read(self, page):
        return {
            **super().read(page),
            "references": reference_keys(page.references, self.references),
            "faq": [{"question": q.question, "answer": q.answer} for q in page.questions.all()],
            "faq_es": parts_in_spanish(page.questions.all(), self.faq_fields),
        }

    def write(self, page, values):
        # The Spanish questions are read before the English ones are made again.
        faq_es = values.get("faq_es") or (
            parts_in_spanish(page.questions.all(), self.faq_fields) if page.pk else []
        )
        super().write(page, values)
        if "references" in values:
            page.references.set(reference_objects(values["references"], self.references))
        if "faq" in values:
            page.questions.all().delete()
            for order, question in enumerate(values["faq"], start=1):
                Question.objects.create(page=page, order=order, **question)
        if "faq" in values or "faq_es" in values:
            write_parts_in_spanish(page.questions.all(), faq_es, self.faq_fields)


def slug_of(item: Item) -> str:
    return item.key.split(":", 1)[1]


KINDS = (References, Articles, About, Muscles, Exercises, Categories, EquipmentNames, RedFlags,
         SelfTests, Referral)  # fmt: skip


@dataclass
class Report:
    created: list[str]
    updated: list[str]  # "key: field"
    kept: list[str]  # fields editors changed, left as they are
    left_out: list[str]  # parts an editor deleted or renamed, not re-created


class Loader:
    """Creates the content that is missing and updates what editors have not changed, with a
    version of each piece of content written (an article with its pages).

    With `reset`, every field is written from the files, whatever editors did.
    """

    def __init__(self, content_dir: Path = CONTENT_DIR, *, reset=False, released=None):
        self.dir = content_dir
        self.reset = reset
        self.released = load_released(content_dir) if released is None else released
        self.report = Report([], [], [], [])

    def kinds(self):
        for kind in KINDS:
            yield kind(self.dir, self.released) if kind is RedFlags else kind(self.dir)

    def run(self) -> Report:
        self.loaded = set(LoadedContent.objects.values_list("key", flat=True))
        # Fields are read and written in English; the Spanish ones by their `_es` names.
        with translation.override(settings.LANGUAGE_CODE), fingerprints_summed_once():
            for kind in self.kinds():
                for _, items in groupby(kind.items(), key=lambda item: item.kind.owner_key(item)):
                    with revision():
                        for item in items:
                            self.load(item)
                with revision():
                    kind.finish()
        return self.report

    def load(self, item: Item) -> None:
        kind = item.kind
        obj = kind.find(item)
        if obj is None:
            if item.key in self.loaded and not self.reset:  # an editor deleted or renamed it
                self.report.left_out.append(item.key)
                return
            obj, values = kind.new(item), item.fields
            self.report.created.append(item.key)
            LoadedContent.objects.get_or_create(key=item.key)
        else:
            values = self.updates(kind.read(obj), item)
        if values:
            kind.write(obj, values)
            reversion.add_to_revision(kind.owner(obj))

    def updates(self, current: dict, item: Item) -> dict:
        shipped = self.released.get(item.key, {})
        values = {}
        for name, value in item.fields.items():
            if current.get(name) == value:
                continue
            if (
                self.reset
                or fingerprint(current.get(name)) in shipped.get(name, ())
                or (name.endswith(f"_{SPANISH}") and is_empty(current.get(name)))
            ):
                values[name] = value
                self.report.updated.append(f"{item.key}: {name}")
            else:
                self.report.kept.append(f"{item.key}: {name}")
        return values

    def record_release(self) -> dict:
        """The fingerprints of released.json with this release's values added. A field new in
        this release also gets its default: the value a migration gave existing sites."""
        released = {key: dict(fields) for key, fields in self.released.items()}
        for kind in self.kinds():
            for item in kind.items():
                fields = released.setdefault(item.key, {})
                known_before = bool(fields)
                for name, value in item.fields.items():
                    shipped = {fingerprint(value), *fields.get(name, ())}
                    if known_before and name not in fields and item.kind.has_field(name):
                        shipped.add(fingerprint(default(item.kind.model, name)))
                    fields[name] = sorted(shipped)
        return released


@contextmanager
def revision():
    """The versions of what is written inside, as one revision in the admin's history."""
    with reversion.create_revision(atomic=False):
        reversion.set_comment(REVISION_COMMENT)
        yield


def load_released(content_dir: Path) -> dict:
    path = content_dir / RELEASED_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def write_released(content_dir: Path, released: dict) -> None:
    text = json.dumps(released, indent=1, sort_keys=True, ensure_ascii=False)
    (content_dir / RELEASED_FILE).write_text(text + "\n", encoding="utf-8")
