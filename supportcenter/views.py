import sys

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.views import defaults
from django.views.generic import TemplateView

from .database import gave_up_waiting
from .storage import FileUnavailable

# Seconds a client is told to wait before trying again when the database is busy.
BUSY_RETRY_AFTER = 10


class HomeView(LoginRequiredMixin, TemplateView):
    """Inicio: the seller's home after login. Agents work in the admin."""

    template_name = "home.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_agent:
            return redirect("admin:index")
        return super().get(request, *args, **kwargs)


def server_error(request):
    """handler500: the "busy" page (503) when the database gave up waiting for a lock or
    a statement, Django's 500 page otherwise. Called while the exception is handled."""
    if gave_up_waiting(sys.exc_info()[1]):
        body = loader.get_template("503.html").render()  # no context: nothing to query
        return HttpResponse(body, status=503, headers={"Retry-After": str(BUSY_RETRY_AFTER)})
    return defaults.server_error(request)


def page_not_found(request, exception):
    """handler404: a file its row points to but the storage lost gets a page that says so;
    anything else, the usual 404 page."""
    if isinstance(exception, FileUnavailable):
        return defaults.page_not_found(request, exception, template_name="file_unavailable.html")
    return defaults.page_not_found(request, exception)
