import os
from getpass import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from editors.roles import GROUP_NAME

PASSWORD_VARIABLE = "EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a content editor's account: a staff user in the 'Content editors' group, who "
        "can sign in to /admin/ but cannot manage users. Asks for the password, or reads it "
        f"from {PASSWORD_VARIABLE} with --no-input. An existing user is made an editor and "
        "keeps their password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, username, email, interactive, **options):
        try:
            group = Group.objects.get(name=GROUP_NAME)
        except Group.DoesNotExist:
            raise CommandError(
                f"There is no '{GROUP_NAME}' group: run `manage.py migrate`."
            ) from None
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=email)
            user.set_password(self._password(user, interactive))
        user.is_staff = True
        with transaction.atomic():
            user.save()
            user.groups.add(group)
        self.stdout.write(f"{username} is a content editor and can sign in at /admin/.")

    def _password(self, user, interactive):
        if not interactive:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"Set {PASSWORD_VARIABLE} to give the password with --no-input.")
            return self._validated(user, password)
        while True:
            password = getpass("Password: ")
            if password != getpass("Password (again): "):
                self.stderr.write("The passwords do not match. Try again.")
                continue
            try:
                return self._validated(user, password)
            except CommandError as error:
                self.stderr.write(str(error))

    def _validated(self, user, password):
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password
