"""The agent's "Cambiar motivo": its own URL, form, permission and template (like Django's
UserAdmin password change), with the similar solved cases of the case beside the form.
The change itself is cases.services.cause.case_change_cause."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from ..models import Case
from ..services.cause import case_change_cause
from ..triage.similar import similar_resolved_cases
from .cause_forms import CaseCauseChangeForm

PERMISSION = "cases.change_case_cause"


class CaseChangeCauseView(View):
    model_admin = None  # the CaseAdmin serving it (as_view(model_admin=...))
    template_name = "admin/cases/case/change_cause_page.html"

    def dispatch(self, request, object_id, **kwargs):
        self.case = self.model_admin.get_object(request, object_id)
        if self.case is None:
            raise Http404
        # Agents who may only look see the similar cases; changing takes the permission.
        if not self.model_admin.has_view_permission(request, self.case):
            raise PermissionDenied
        return super().dispatch(request, object_id, **kwargs)

    def may_change(self) -> bool:
        return self.model_admin.has_change_permission(
            self.request, self.case
        ) and self.request.user.has_perm(PERMISSION)

    def case_page_url(self) -> str:
        return reverse("admin:cases_case_change", args=[self.case.pk])

    def get(self, request, *args, **kwargs):
        return self.render(CaseCauseChangeForm(case=self.case) if self.may_change() else None)

    def post(self, request, *args, **kwargs):
        if not self.may_change():
            raise PermissionDenied
        form = CaseCauseChangeForm(request.POST, case=self.case)
        if form.is_valid():
            cause = form.cleaned_data["cause"]
            try:
                case_change_cause(case=self.case, cause=cause, changed_by=request.user)
            except ValidationError as exc:  # someone changed the case meanwhile
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("The case's reason is now “%(cause)s”.") % {"cause": cause.name}
                )
                return HttpResponseRedirect(self.case_page_url())
        return self.render(form)

    def render(self, form):
        context = {
            **self.model_admin.admin_site.each_context(self.request),
            "opts": Case._meta,
            "original": self.case,
            "case": self.case,
            "title": _("Change reason"),
            "cause_form": form,
            "change_cause_url": self.request.path,
            "similar_cases": similar_resolved_cases(case=self.case),
        }
        return TemplateResponse(self.request, self.template_name, context)
