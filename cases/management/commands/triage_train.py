from django.core.management.base import BaseCommand

from cases.triage.services import triage_model_train


class Command(BaseCommand):
    help = "Train a new version of the triage model now (it is also retrained nightly)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-evaluate",
            action="store_false",
            dest="evaluate",
            help="skip the cross-validation (faster)",
        )

    def handle(self, *args, evaluate=True, **options):
        model = triage_model_train(evaluate=evaluate)
        if model is None:
            self.stdout.write("Nothing to learn yet: fewer than two causes are offered.")
            return
        metrics = model.metrics
        line = (
            f"Triage model version {model.version}: {model.cause_count} causes, "
            f"{model.phrase_count} phrases, {model.case_count} resolved cases, "
            f"{model.feature_count} features, trained in {metrics['train_seconds']} s"
        )
        if "cv_top1" in metrics:
            line += (
                f"; cross-validated top 1 {metrics['cv_top1']:.1%}, top 3 {metrics['cv_top3']:.1%}"
            )
        self.stdout.write(self.style.SUCCESS(line + "."))
