"""Bench settings only: each response says how long Django took and how many SQL
queries it ran, so the load generator can report server time next to its own."""

import time

from django.db import connection


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        # https://developer.mozilla.org/docs/Web/HTTP/Headers/Server-Timing
        response["Server-Timing"] = f"app;dur={elapsed:.2f}"
        response["X-SQL-Queries"] = str(queries)
        return response
