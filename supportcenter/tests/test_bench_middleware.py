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
