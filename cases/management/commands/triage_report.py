from django.core.management.base import BaseCommand

from cases.models import Cause
from cases.triage.report import cross_validate
from cases.triage.training import training_data


class Command(BaseCommand):
    help = (
        "Cross-validated top-1 and top-3 accuracy of the triage model per cause, on its "
        "own training data (example phrases and resolved cases), and the causes it "
        "confuses most."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folds", type=int, default=5)
        parser.add_argument("--pairs", type=int, default=10, help="confused pairs to list")

    def handle(self, *args, folds=5, pairs=10, **options):
        data = training_data()
        if len({e.label for e in data.examples}) < 2:
            self.stdout.write("Nothing to evaluate yet: fewer than two causes are offered.")
            return
        report = cross_validate(data.examples, folds=folds)
        names = dict(Cause.objects.values_list("pk", "name"))
        out = self.stdout.write
        out(
            f"Triage model, {report.folds}-fold cross-validation over {report.total} texts "
            f"({data.phrase_count} names and example phrases, {data.case_count} resolved cases)"
        )
        out("")
        out("| cause | texts | top 1 | top 3 |")
        out("|---|---:|---:|---:|")
        rows = sorted(
            report.per_label.items(), key=lambda kv: (kv[1].top1 / kv[1].total, names[kv[0]])
        )
        for label, score in rows:
            out(
                f"| {names[label]} | {score.total} | {score.top1 / score.total:.0%} "
                f"| {score.top3 / score.total:.0%} |"
            )
        out(f"| **all** | {report.total} | {report.top1:.1%} | {report.top3:.1%} |")
        out("")
        out("Most confused (cause → ranked first instead: texts):")
        out("")
        for (truth, guess), count in report.confusions.most_common(pairs):
            out(f"- {names[truth]} → {names[guess]}: {count}")
