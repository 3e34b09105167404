"""``manage.py ensure_editor``: make sure an editor account exists, without resetting it."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the editor account if it is missing and print its generated password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Editor account “{username}” exists; its password is unchanged "
                f"(reset it with: manage.py changepassword {username})."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created editor account “{username}” with password: {password}\n"
                "It is shown only this once. Log in at http://127.0.0.1:8000/admin/"
            )
        )
