from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..status import CaseStatus


class AssigneeFilter(admin.SimpleListFilter):
    title = _("assignment")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        return [("me", _("Assigned to me")), ("none", _("Unassigned"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class OpenTasksFilter(admin.SimpleListFilter):
    title = _("open tasks")
    parameter_name = "open_tasks"

    def lookups(self, request, model_admin):
        return [("yes", _("With open tasks")), ("no", _("Without open tasks"))]

    def queryset(self, request, queryset):
        # Waiting on the seller exactly when a task is open (cases/status.py).
        if self.value() == "yes":
            return queryset.filter(status=CaseStatus.WAITING_ON_SELLER)
        if self.value() == "no":
            return queryset.exclude(status=CaseStatus.WAITING_ON_SELLER)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("On time"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_overdue=True)
        if self.value() == "no":
            return queryset.filter(is_overdue=False)
        return queryset


class RatingFilter(admin.SimpleListFilter):
    title = _("rating")
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return [(str(score), f"{score}/5") for score in range(5, 0, -1)] + [
            ("none", _("Not rated"))
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(rating__isnull=True)
        if value in {"1", "2", "3", "4", "5"}:
            return queryset.filter(rating__score=int(value))
        return queryset
