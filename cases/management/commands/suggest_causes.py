import sys

from django.core.management.base import BaseCommand, CommandError

from cases.triage.suggest import suggest_causes

SEPARATOR = " | "


class Command(BaseCommand):
    help = (
        "Print the three causes suggested for a text, best first, separated by ' | ' "
        "(cause names only). With --file, one text per line and one line of causes per "
        "text (an empty line for an empty text)."
    )

    def add_arguments(self, parser):
        parser.add_argument("text", nargs="?", help="what the seller wrote")
        parser.add_argument("--file", help="a UTF-8 file with one text per line ('-': stdin)")
        parser.add_argument("-k", type=int, default=3, help="how many causes (default 3)")

    def handle(self, *args, text=None, file=None, k=3, **options):
        if (text is None) == (file is None):
            raise CommandError("Give either a text or --file.")
        if file is None:
            texts = [text]
        elif file == "-":
            texts = sys.stdin.read().splitlines()
        else:
            with open(file, encoding="utf-8") as f:
                texts = f.read().splitlines()
        for line in texts:
            names = [s.cause for s in suggest_causes(line, k=k)]
            self.stdout.write(SEPARATOR.join(names))
