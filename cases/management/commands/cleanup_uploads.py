from django.core.management.base import BaseCommand

from cases.tasks import cleanup_uploads


class Command(BaseCommand):
    help = (
        "Delete files uploaded in case wizards that were abandoned, and stored files whose "
        "attachment was never saved (older than --hours)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours, **options):
        removed = cleanup_uploads(hours=hours)
        self.stdout.write(self.style.SUCCESS(f"{removed} abandoned upload(s) deleted."))
