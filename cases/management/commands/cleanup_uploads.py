from django.core.management.base import BaseCommand

from cases.tasks import cleanup_uploads


class Command(BaseCommand):
    help = (
        "Delete files uploaded in case wizards that were abandoned (older than the session "
        "age), and stored files whose attachment was never saved (older than "
        "ORPHAN_FILE_MIN_AGE_MINUTES); --hours sets both ages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=None)

    def handle(self, *args, hours, **options):
        removed = cleanup_uploads(hours=hours)
        self.stdout.write(self.style.SUCCESS(f"{removed} abandoned upload(s) deleted."))
