from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save
from modeltranslation.translator import translator

# Models whose rows never appear on a public page: readers' visits write some of them, so
# their saves must not retire every cached page.
NOT_SHOWN_TO_READERS = {"selftesttally", "feedback", "loadedcontent", "waitingchanges"}


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "Site content"

    def ready(self):
        from django.utils.translation import gettext

        from education import figures
        from education.translation import (
            UNIT_OF_PART,
            UNITS,
            empty_translation_as_text,
            refresh_fingerprint,
        )
        from glutesite.page_cache import content_changed

        for model in translator.get_registered_models():
            uid = f"empty-translation-{model._meta.label}"
            pre_save.connect(empty_translation_as_text, sender=model, dispatch_uid=uid)

        # The words of a translated whole (and of each of its parts) are summed up again after
        # each change, so its Spanish is known to be up to date or not (see Translated).
        for model in [*UNITS, *UNIT_OF_PART]:
            uid = f"fingerprint-{model._meta.label}"
            post_save.connect(refresh_fingerprint, sender=model, dispatch_uid=f"{uid}-save")
        for model in UNIT_OF_PART:
            uid = f"fingerprint-{model._meta.label}"
            post_delete.connect(refresh_fingerprint, sender=model, dispatch_uid=f"{uid}-delete")

        # Search ignores accents: PostgreSQL has the unaccent extension (see migration 0012);
        # SQLite gets the same function from Python.
        connection_created.connect(add_unaccent_to_sqlite, dispatch_uid="unaccent")

        # After every migrate, when the permissions of new models exist, the Editors group
        # gets exactly its permissions again (new models' included).
        post_migrate.connect(refresh_editors_group, sender=self)

        # Every save, restore (reversion's raw saves send these too), deletion and change of
        # links retires the cached pages, whichever way it was made: admin, shell, loader.
        for model in self.get_models():
            if model._meta.model_name in NOT_SHOWN_TO_READERS:
                continue
            uid = f"page-cache-{model._meta.label}"
            post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"{uid}-{field}")

        # The figures module draws without Django: its words (muscle names, the muscle map's
        # labels) are shown in the reader's language through Django's gettext.
        figures.translation = gettext


def add_unaccent_to_sqlite(connection, **_signal):
    from education.search import unaccented

    if connection.vendor == "sqlite":

        def unaccent(text):  # as SQL functions do, NULL in, NULL out
            return None if text is None else unaccented(text)

        connection.connection.create_function("unaccent", 1, unaccent, deterministic=True)


def refresh_editors_group(**_signal):
    from education.editors import editors_group

    editors_group()
