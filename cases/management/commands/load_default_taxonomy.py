from django.core.management.base import BaseCommand

from cases.taxonomy.defaults import load_default_taxonomy


class Command(BaseCommand):
    help = "Create the missing parts of the default case taxonomy (never overwrites edits)."

    def handle(self, *args, **options):
        created = load_default_taxonomy()
        self.stdout.write(self.style.SUCCESS(f"Default taxonomy ready ({created} rows created)."))
