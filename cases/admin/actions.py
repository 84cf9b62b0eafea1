"""The case list's bulk actions: each case goes through the services, one by one.

A bulk status change first shows a confirmation page listing the cases (like Django's
"delete selected"); resolving asks there for the resolution, sent to every seller."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ..services.cases import case_assign, case_change_status
from ..services.resolve import case_resolve
from ..status import CaseStatus
from .forms import BulkAssignForm, BulkStatusForm

CONFIRMED = "confirmado"


def _run_on_each(modeladmin, request, queryset, change, done):
    """`done`: an ngettext_lazy with a "n" placeholder, told how many cases changed."""
    changed, errors = 0, []
    for case in queryset:
        try:
            change(case)
            changed += 1
        except (ValidationError, PermissionDenied) as exc:
            errors.append(f"{case.number}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
    if changed:
        modeladmin.message_user(request, done % {"n": changed}, messages.SUCCESS)
    for error in errors:
        modeladmin.message_user(request, error, messages.WARNING)


@admin.action(description=_("Assign to me"), permissions=["change"])
def assign_to_me(modeladmin, request, queryset):
    _run_on_each(
        modeladmin,
        request,
        queryset,
        lambda case: case_assign(case=case, assignee=request.user, actor=request.user),
        ngettext_lazy("%(n)d case assigned to you.", "%(n)d cases assigned to you.", "n"),
    )


@admin.action(description=_("Assign to…"), permissions=["change"])
def assign_to(modeladmin, request, queryset):
    """Any agent, or nobody, after a confirmation page listing the cases."""
    confirmed = CONFIRMED in request.POST
    form = BulkAssignForm(request.POST if confirmed else None)
    if confirmed and form.is_valid():
        assignee = form.cleaned_data["assignee"]
        _run_on_each(
            modeladmin,
            request,
            queryset,
            lambda case: case_assign(case=case, assignee=assignee, actor=request.user),
            ngettext_lazy("%(n)d case assigned.", "%(n)d cases assigned.", "n")
            if assignee
            else ngettext_lazy("%(n)d case unassigned.", "%(n)d cases unassigned.", "n"),
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Assign to…"),
        "opts": modeladmin.model._meta,
        "cases": list(queryset.select_related("seller", "assigned_to").order_by("number")),
        "form": form,
        "action_name": "assign_to",
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "confirmed_name": CONFIRMED,
    }
    return TemplateResponse(request, "admin/cases/case/bulk_assign.html", context)


def _status_action(to_status, description, done, permission):
    @admin.action(description=description, permissions=[permission])
    def action(modeladmin, request, queryset):
        confirmed = CONFIRMED in request.POST
        form = BulkStatusForm(request.POST if confirmed else None, to_status=to_status)
        if confirmed and form.is_valid():
            message = form.cleaned_data["message"]

            def change(case):
                if to_status == CaseStatus.RESOLVED:
                    case_resolve(case=case, actor=request.user, message=message)
                else:
                    case_change_status(case=case, to_status=to_status, actor=request.user)

            _run_on_each(modeladmin, request, queryset, change, done)
            return None  # back to the list
        cases = list(queryset.select_related("seller").order_by("number"))
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": description,
            "opts": modeladmin.model._meta,
            "cases": cases,
            "form": form,
            "action_name": action.__name__,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "confirmed_name": CONFIRMED,
            "to_status": CaseStatus(to_status).label,
        }
        return TemplateResponse(request, "admin/cases/case/bulk_status.html", context)

    action.__name__ = f"mark_{to_status}"
    return action


resolve = _status_action(
    CaseStatus.RESOLVED,
    _("Resolve"),
    ngettext_lazy("%(n)d case resolved.", "%(n)d cases resolved.", "n"),
    "resolve",
)
close = _status_action(
    CaseStatus.CLOSED,
    _("Close"),
    ngettext_lazy("%(n)d case closed.", "%(n)d cases closed.", "n"),
    "change_status",
)
reopen = _status_action(
    CaseStatus.REOPENED,
    _("Reopen"),
    ngettext_lazy("%(n)d case reopened.", "%(n)d cases reopened.", "n"),
    "change_status",
)
