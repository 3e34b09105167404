"""Write the audit entries of permission grants that have expired.

Readers never wait for this (expiry is enforced when a page is asked for); the admin runs the
same function whenever the grants list or the audit log opens. Run it from cron if the log
should be complete without anyone opening the admin.
"""

from django.core.management.base import BaseCommand

from articles.rights.services import grants_log_expiries


class Command(BaseCommand):
    help = "Record expired permission grants in the rights audit log."

    def handle(self, *args, **options):
        count = grants_log_expiries()
        self.stdout.write(f"{count} expired grant(s) logged.")
