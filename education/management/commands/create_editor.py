"""Create a login for an editor: staff, in the "Editors" group, never a superuser."""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from education.editors import editors_group

PASSWORD_VARIABLE = "EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        'Create an editor\'s login: staff, in the "Editors" group (content only, no user '
        "management). Asks for the password, or reads it from EDITOR_PASSWORD with --no-input."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, username, email, interactive, verbosity=1, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f'There is already a login called "{username}".')
        user = User(username=username, email=email, is_staff=True)
        password = self.ask_password() if interactive else os.environ.get(PASSWORD_VARIABLE, "")
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(editors_group())
        if verbosity:
            self.stdout.write(
                f'Created the editor "{username}". They can sign in to the admin now.'
            )

    def ask_password(self) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords were not the same. Nothing was created.")
        return password
