"""Load the initial content from education/content/ into the database.

Idempotent, and safe to run on a site editors have worked on: what is missing is created, and
a field is brought up to date with the files only where editors have not changed it since it
was loaded (see education/loading.py). `--reset` overwrites on purpose, after a confirmation.
Every write is recorded as a version, so editors can see and undo it in the admin's history.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from education import selftest_engine
from education.loading import CONTENT_DIR, Loader, write_released
from education.models import SelfTest


class Command(BaseCommand):
    help = (
        "Create the content that is missing and update what editors have not changed; "
        "with --reset, overwrite everything."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Overwrite existing content with the files."
        )
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Do not ask to confirm."
        )
        parser.add_argument(
            "--record-release",
            action="store_true",
            help="For developers: add the files' values to education/content/released.json, "
            "so that sites holding them are updated by the next release.",
        )

    def handle(self, *args, reset=False, interactive=True, record_release=False, **options):
        if record_release:
            write_released(CONTENT_DIR, Loader().record_release())
            self.stdout.write("Recorded this release's content in released.json.")
            return
        if reset and interactive and not self.confirm_reset():
            raise CommandError("Reset cancelled; nothing changed.")
        with transaction.atomic():
            report = Loader(reset=reset).run()
        self.summarise(report, options["verbosity"])
        self.warn_about_unsafe_selftests()

    def summarise(self, report, verbosity):
        if not verbosity:
            return
        self.stdout.write(
            f"Content loaded: {len(report.created)} created, {len(report.updated)} fields "
            f"brought up to date, {len(report.kept)} kept as editors changed them."
        )
        details = [("Kept as editors changed them", report.kept)]
        details += [("Deleted, renamed or rewritten by editors: not made again", report.left_out)]
        for heading, entries in details:
            if entries and verbosity > 1:
                self.stdout.write(f"{heading}:\n" + "\n".join(f"  {e}" for e in entries))

    def warn_about_unsafe_selftests(self):
        """A test an editor changed keeps their version, which may predate today's safety
        rules: say so loudly, as the admin would on saving it."""
        for test in SelfTest.objects.with_steps():
            problems = selftest_engine.coverage_problems(test.step_specs(), test.outcome_specs())
            if problems:
                self.stderr.write(
                    f"Warning: the self-test {test} needs an editor: "
                    + " ".join(problems)
                    + " (open it in the admin, or run load_content --reset)."
                )

    def confirm_reset(self) -> bool:
        answer = input(
            "--reset overwrites the articles, references, About page, red flags, self-tests, "
            "muscles, exercises and the referral page with the files in education/content/, "
            "losing editors' changes (they stay in the admin history). Type 'yes' to continue: "
        )
        return answer.strip().lower() == "yes"
