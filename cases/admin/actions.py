"""The case list's bulk actions: each case goes through the services, one by one."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ..services.cases import case_assign, case_change_status
from ..status import CaseStatus


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


def _status_action(to_status, description, done):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        _run_on_each(
            modeladmin,
            request,
            queryset,
            lambda case: case_change_status(case=case, to_status=to_status, actor=request.user),
            done,
        )

    action.__name__ = f"mark_{to_status}"
    return action


resolve = _status_action(
    CaseStatus.RESOLVED,
    _("Resolve"),
    ngettext_lazy("%(n)d case resolved.", "%(n)d cases resolved.", "n"),
)
close = _status_action(
    CaseStatus.CLOSED, _("Close"), ngettext_lazy("%(n)d case closed.", "%(n)d cases closed.", "n")
)
reopen = _status_action(
    CaseStatus.REOPENED,
    _("Reopen"),
    ngettext_lazy("%(n)d case reopened.", "%(n)d cases reopened.", "n"),
)
