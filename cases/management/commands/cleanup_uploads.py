from datetime import timedelta

from django.core.management.base import BaseCommand

from cases.staging import cleanup_abandoned


class Command(BaseCommand):
    help = "Delete files uploaded in case wizards that were abandoned (older than --hours)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours, **options):
        removed = cleanup_abandoned(older_than=timedelta(hours=hours))
        self.stdout.write(self.style.SUCCESS(f"{removed} abandoned upload(s) deleted."))
