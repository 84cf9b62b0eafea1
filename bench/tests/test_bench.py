from django.http import HttpResponse
from django.test import RequestFactory

from accounts.models import User
from bench.middleware import ServerTimingMiddleware


class TestServerTimingMiddleware:
    def test_says_how_long_django_took_and_how_many_queries_it_ran(self, db):
        def view(request):
            list(User.objects.all())
            list(User.objects.all())
            return HttpResponse("ok")

        response = ServerTimingMiddleware(view)(RequestFactory().get("/"))

        assert response["Server-Timing"].startswith("app;dur=")
        assert float(response["Server-Timing"].removeprefix("app;dur=")) > 0
        assert response["X-SQL-Queries"] == "2"


class TestReport:
    def test_a_new_run_keeps_the_hand_written_analysis(self):
        from bench.report import ANALYSIS_END, ANALYSIS_START, with_analysis

        previous = f"old figures\n{ANALYSIS_START}\nWhy it is slow.\n{ANALYSIS_END}\nold plans"
        measured = f"new figures\n{ANALYSIS_START}\n(analysis)\n{ANALYSIS_END}\nnew plans"

        kept = with_analysis(measured, previous)

        assert kept == f"new figures\n{ANALYSIS_START}\nWhy it is slow.\n{ANALYSIS_END}\nnew plans"
        assert with_analysis(measured, None) == measured


class TestOthersCpu:
    def test_a_process_of_the_bench_that_ends_is_not_counted_as_others(self):
        from bench.cpu import TICKS, Snapshot, others_share

        start = Snapshot(at=0.0, busy=0, ours={1: 500, 2: 100})
        # Process 1 ended; process 2 used 1 s of CPU; the machine was busy 1 s in all.
        end = Snapshot(at=1.0, busy=TICKS, ours={2: 100 + TICKS})

        assert others_share(start, end) == 0.0


class TestQueryCounts:
    def test_only_a_page_with_more_queries_for_the_largest_seller_has_grown(self):
        from bench.sql import compare

        created = "wizard: resumen (POST)"
        counts = compare(
            {"home": ["q"] * 5, "search p20": ["q"] * 6, "tray": ["q"] * 7, created: ["q"] * 63},
            # The small seller's page 20 is past its end: one query more, not growth; a
            # case created for a seller of more users sends more emails.
            {"home": ["q"] * 5, "search p20": ["q"] * 7, "tray": ["q"] * 6, created: ["q"] * 43},
        )

        assert counts.grown == ["tray"]
        assert counts.actions_differing == [(created, 63, 43)]
