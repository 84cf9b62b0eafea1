from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from ..desk import (
    QUEUE_PARAM,
    QUEUES,
    QUEUES_BY_SLUG,
    SCOPE_ALL,
    SCOPE_MINE,
    SCOPE_PARAM,
    agent_scope,
    queue_condition,
)
from ..paginators import page_bounds
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
        # Waiting on the seller exactly when a task is open (cases/policies.py).
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


class TaxonomyFilter(admin.RelatedFieldListFilter):
    """An area or cause filter whose options (named after their parents, "Tipo › Área")
    are read in one query, not one more per option."""

    parents: tuple[str, ...] = ()

    def field_choices(self, field, request, model_admin):
        options = field.related_model._default_manager.select_related(*self.parents)
        return [(option.pk, str(option)) for option in options]


class AreaFilter(TaxonomyFilter):
    parents = ("record_type",)


class CauseFilter(TaxonomyFilter):
    parents = ("area__record_type",)


class EstimatedCountPaginator(Paginator):
    """Counts that do not read a million cases on every page of the admin.

    The unfiltered list of a large table counts from PostgreSQL's statistics: the row
    estimate kept by (auto)vacuum and ANALYZE is free and close enough to number the pages
    of the whole queue (a small table, in tests or small sites, is counted exactly). A
    filtered list or a search is counted up to COUNT_CAP: a word found in 160,000 cases is
    one pass over 1,001 of them, not over all of them, and the list says "more than 1,000"
    (`capped`) and offers its first pages. Up to the cap the count is exact.

    That pass keeps the ids it read, in the list's order: a page among them is then read
    by its 25 ids, not found again by a second pass over the matches (for a search of
    two common words, each pass is most of the page's time: docs/benchmarks.md).
    """

    # Below this many rows an exact count is cheap: tests and small sites see exact counts.
    ESTIMATE_FROM = 100_000
    COUNT_CAP = 1_000

    @cached_property
    def count(self) -> int:
        if self._filtered:
            return len(self._first_ids)
        if connection.vendor == "postgresql" and hasattr(self.object_list, "query"):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [self.object_list.model._meta.db_table],
                )
                estimate = cursor.fetchone()[0]
            if estimate >= self.ESTIMATE_FROM:
                return estimate
        return super().count

    @cached_property
    def _first_ids(self) -> list:
        """The ids of the first COUNT_CAP + 1 rows of the (filtered) list, in its order."""
        return list(self.object_list.values_list("pk", flat=True)[: self.COUNT_CAP + 1])

    def page(self, number):
        if not self._filtered:
            return super().page(number)
        number, bottom, top = page_bounds(self, number)
        # The count is the number of ids read: every page of the list is among them.
        ids = self._first_ids[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)

    @property
    def capped(self) -> bool:
        """Counted up to COUNT_CAP, and more were found."""
        return self._filtered and self.count > self.COUNT_CAP

    @property
    def _filtered(self) -> bool:
        query = getattr(self.object_list, "query", None)
        return query is not None and bool(query.where)


class QueueFilter(admin.SimpleListFilter):
    """The desk's queues (cases/desk.py): the list of a queue is what its count counts."""

    title = _("queue")
    parameter_name = QUEUE_PARAM

    def lookups(self, request, model_admin):
        return [(queue.slug, queue.label) for queue in QUEUES]

    def queryset(self, request, queryset):
        if self.value() not in QUEUES_BY_SLUG:
            return queryset
        return queryset.filter(queue_condition(self.value(), user=request.user, now=now()))


class ScopeFilter(admin.SimpleListFilter):
    """A queue shows the agent's areas and countries unless they ask for all of them."""

    title = _("areas")
    parameter_name = SCOPE_PARAM

    def lookups(self, request, model_admin):
        return [(SCOPE_MINE, _("My areas")), (SCOPE_ALL, _("All areas"))]

    def applies(self, request) -> bool:
        return self.value() == SCOPE_MINE or (QUEUE_PARAM in request.GET and not self.value())

    def queryset(self, request, queryset):
        if not self.applies(request):
            return queryset
        return queryset.filter(agent_scope(request.user).condition())

    def choices(self, changelist):
        # Without a choice, a queue shows "my areas": mark that one, not "All".
        selected = self.value() or (SCOPE_MINE if QUEUE_PARAM in changelist.params else None)
        for value, label in self.lookup_choices:
            yield {
                "selected": selected == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }
