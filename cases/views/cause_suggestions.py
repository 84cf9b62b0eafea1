"""The causes suggested for what a seller is typing in CREAR CASO (JSON, for
static/cases/cause-suggest.js): logged-in sellers only, a few a minute, and only the
taxonomy's names in the answer, never any case's text."""

from http import HTTPStatus

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import SellerRequiredMixin

from ..forms.suggest import ProblemForm
from ..triage.suggest import suggest_causes
from ..triage.throttle import seconds_to_next_minute, suggestion_allowed


class CauseSuggestionsView(SellerRequiredMixin, View):
    """POST `texto` (with the CSRF token: the text never goes in a URL, where logs keep
    it) → {"suggestions": [{"cause_id", "record_type", "area", "cause"}]}, best first."""

    http_method_names = ["post"]
    raise_exception = True  # anonymous: a 403, not the login page, for a script

    def post(self, request, *args, **kwargs):
        form = ProblemForm({"problem": request.POST.get("texto", "")})
        if not form.is_valid():
            return JsonResponse(
                {"detail": " ".join(form.errors["problem"])}, status=HTTPStatus.BAD_REQUEST
            )
        if not suggestion_allowed(request.user.pk):
            response = JsonResponse(
                {"detail": _("You asked for many suggestions in a row: wait a minute.")},
                status=HTTPStatus.TOO_MANY_REQUESTS,
            )
            response["Retry-After"] = str(seconds_to_next_minute())
            return response
        suggestions = suggest_causes(form.cleaned_data["problem"])
        return JsonResponse(
            {
                "suggestions": [
                    {
                        "cause_id": s.cause_id,
                        "record_type": s.record_type,
                        "area": s.area,
                        "cause": s.cause,
                    }
                    for s in suggestions
                ]
            }
        )
