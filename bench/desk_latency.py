"""The agents' desk, queues and search on the bench dataset, without the load test.

    BENCH_CASES=1000000 python -m bench.desk_latency      # the bench database (bench/config.py)

Creates, migrates and fills the bench database like `make bench` (step 1, nothing when the
dataset is there), then times in-process, as the bench's support agent: the desk (the
admin's start page), each of its queues and the agents' search, with their SQL. Prints a
Markdown table and the verdicts (the same as `make bench` writes in docs/benchmarks.md).
"""

import sys

from .config import Config, say
from .run import configure_django, ensure_database, prepare_data


def main() -> None:
    config = Config()
    ensure_database(config)
    configure_django(config)
    prepare_data(config)

    from accounts.models import User
    from bench import scenarios
    from bench.dataset import AGENT_LOGIN, BIG_SELLER_LOGIN
    from cases.models import Case

    from .admin_timings import (
        desk_views,
        markdown_table,
        search_views,
        search_words,
        time_views,
        verdicts,
    )

    big = User.objects.select_related("seller").get(email=BIG_SELLER_LOGIN).seller
    case = Case.objects.get(number=scenarios.longest_case(big))
    subject_word, answer_word = search_words(case)
    views = [
        *desk_views(),
        *search_views(
            case_number=case.number,
            seller=big,
            subject_word=subject_word,
            answer_word=answer_word,
        ),
    ]
    say(f"{Case.objects.count():,} cases; timing {len(views)} views")
    timings = time_views(User.objects.get(email=AGENT_LOGIN), views)
    sys.stdout.write("\n".join([*markdown_table(timings), "", *verdicts(timings)]) + "\n")
    for timing in timings:
        if timing.too_slow:
            say(f"\n{timing.name}: slowest queries")
            for ms, sql in timing.queries[:2]:
                say(f"  {ms:.1f} ms  {sql[:400]}")


if __name__ == "__main__":
    main()
