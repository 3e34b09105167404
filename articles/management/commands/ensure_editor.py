"""``manage.py ensure_editor``: make sure an editor account exists, without resetting it."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from articles.editorial import roles

# The first account works the desk as the roles do (not as a superuser, who skips them).
DEFAULT_ROLES = [roles.EDITOR, roles.RIGHTS_MANAGER]


def site_address(host: str, port: str) -> str:
    """The address to open for a server bound to ``host``:``port``."""
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"  # bound to every interface: this machine answers on its own
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}/"


class Command(BaseCommand):
    help = (
        "Create the editor account (Editor and Rights manager roles) if it is missing and "
        "print its generated password once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        # For the login hint: the address the server really listens on (`make run` passes
        # its HOST and PORT), or the public address of a deployed site.
        parser.add_argument("--host", default=os.environ.get("HOST") or "127.0.0.1")
        parser.add_argument("--port", default=os.environ.get("PORT") or "8000")
        parser.add_argument("--site-url", default="", help="overrides --host and --port")

    def handle(self, *args, username, host, port, site_url, **options):
        login = (site_url or site_address(host, port)).rstrip("/") + "/admin/"
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Editor account “{username}” exists; its password is unchanged "
                f"(reset it with: manage.py changepassword {username}). Log in at {login}"
            )
            return
        groups = list(Group.objects.filter(name__in=DEFAULT_ROLES))
        missing = set(DEFAULT_ROLES) - {g.name for g in groups}
        if missing:
            raise CommandError(
                f"The role group(s) {', '.join(sorted(missing))} do not exist: run "
                "manage.py migrate first."
            )
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=username, email="", password=password, is_staff=True
        )
        user.groups.add(*groups)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created editor account “{username}” ({' and '.join(DEFAULT_ROLES)}) with "
                f"password: {password}\n"
                f"It is shown only this once. Log in at {login}\n"
                "For an account that may do everything: manage.py createsuperuser"
            )
        )
