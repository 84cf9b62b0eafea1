"""How long a cause suggestion takes in the web process (issue 21: under 50 ms p95).

    DATABASE_URL=... python -m bench.triage_latency [--runs 2000]

Against a migrated database with the default taxonomy (`make run` gives one, or
`manage.py load_default_taxonomy`): calls `suggest_causes()` exactly as a view would,
with its database queries, on held-out phrasings of every cause (short ones and the
same wrapped in a long message), after one warm-up call. Also times what a new process
pays once: loading the newest stored model (and, with no stored model, training one).
"""

import argparse
import os
import statistics
import time

from .config import say


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportcenter.settings.base")
    import django

    django.setup()
    from cases.models import Cause, TriageModel
    from cases.tests.triage.dev_phrases import DEV_PHRASES
    from cases.triage import suggest

    if not Cause.objects.exists():
        raise SystemExit("No causes: run `manage.py load_default_taxonomy` first.")
    started = time.perf_counter()
    suggest.suggest_causes("primera sugerencia")
    first_ms = (time.perf_counter() - started) * 1000
    suggest._loaded = None
    started = time.perf_counter()
    suggest.current_model()
    load_ms = (time.perf_counter() - started) * 1000

    short = [t for texts in DEV_PHRASES.values() for t in texts]
    long = [
        f"Hola, buenas tardes. Les escribo por la orden 2026112701 del lunes: {t}. Ya lo "
        "revisé dos veces en el Seller Center y sigue igual, por favor ayúdenme con esto "
        "lo antes posible porque me está afectando las ventas. Quedo atento, saludos."
        for t in short
    ]
    texts = short + long
    durations = []
    for run in range(args.runs):
        started = time.perf_counter()
        suggest.suggest_causes(texts[run % len(texts)])
        durations.append((time.perf_counter() - started) * 1000)
    model = TriageModel.objects.defer("arrays").first()
    say(
        f"model version {model.version}: {model.cause_count} causes, {model.feature_count} "
        f"features, {model.phrase_count} phrases, {model.case_count} resolved cases"
    )
    say(f"first call of the process (trains when no model is stored): {first_ms:.0f} ms")
    say(f"loading the stored model in a new process: {load_ms:.0f} ms")
    say(
        f"suggest_causes, {args.runs} calls: p50 {statistics.median(durations):.1f} ms, "
        f"p95 {percentile(durations, 95):.1f} ms, max {max(durations):.1f} ms"
    )


if __name__ == "__main__":
    main()
