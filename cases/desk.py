"""The agents' desk: its queues, what each holds, their counts, and the case page.

Reads only (selectors). A queue is a condition on the cases plus an order; the desk's
count and the case list of a queue (the admin's list, `?cola=<slug>`) apply the same
condition, so the count is the length of the list. The queues show the agent's areas and
countries (AgentScope) unless the agent asks for everything (`?ambito=todas`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Country, User
from accounts.roles import SUPPORT_GROUP_NAME

from .history import agent_history
from .models import AgentScope, Case, CaseRating
from .status import OPEN_STATUSES, CaseStatus, WaitingOn

QUEUE_PARAM = "cola"
SCOPE_PARAM = "ambito"
SCOPE_ALL = "todas"
SCOPE_MINE = "mis-areas"


@dataclass(frozen=True)
class Queue:
    slug: str
    label: str
    help: str
    ordering: tuple[str, ...]


BY_DUE = (F("response_due_at").asc(nulls_last=True), "id")
QUEUES = [
    Queue(
        "soporte",
        pgettext_lazy("desk queue", "Waiting on support"),
        _("The seller wrote, answered or reopened: support's turn."),
        BY_DUE,
    ),
    Queue(
        "mios", pgettext_lazy("desk queue", "My cases"), _("Open cases assigned to you."), BY_DUE
    ),
    Queue(
        "sin-asignar",
        pgettext_lazy("desk queue", "Unassigned"),
        _("Open cases nobody took yet."),
        BY_DUE,
    ),
    Queue(
        "reabiertos",
        pgettext_lazy("desk queue", "Reopened"),
        _("The seller said it is not solved."),
        BY_DUE,
    ),
    Queue(
        "por-vencer",
        pgettext_lazy("desk queue", "Due soon"),
        _("Support's reply is due within the margin."),
        BY_DUE,
    ),
    Queue(
        "vencidos", pgettext_lazy("desk queue", "Overdue"), _("Support's reply is late."), BY_DUE
    ),
    Queue(
        "seller",
        pgettext_lazy("desk queue", "Waiting on the seller"),
        _("Support answered or asked: the seller's turn."),
        ("last_activity_at", "id"),
    ),
]
QUEUES_BY_SLUG = {queue.slug: queue for queue in QUEUES}


def warning_margin() -> timedelta:
    return timedelta(hours=settings.CASE_RESPONSE_WARNING_HOURS)


def queue_condition(slug: str, *, user, now: datetime) -> Q:
    open_case = ~Q(waiting_on=WaitingOn.NOBODY)
    support = Q(waiting_on=WaitingOn.SUPPORT)
    return {
        "soporte": support,
        "mios": Q(assigned_to=user) & open_case,
        "sin-asignar": Q(assigned_to__isnull=True) & open_case,
        "reabiertos": Q(status=CaseStatus.REOPENED),
        "por-vencer": support
        & Q(response_due_at__gte=now, response_due_at__lt=now + warning_margin()),
        "vencidos": support & Q(response_due_at__lt=now),
        "seller": Q(waiting_on=WaitingOn.SELLER),
    }[slug]


@dataclass(frozen=True)
class Scope:
    """The areas and countries an agent works; empty means all."""

    area_ids: frozenset[int] = frozenset()
    countries: frozenset[str] = frozenset()

    @property
    def is_everything(self) -> bool:
        return not self.area_ids and not self.countries

    def condition(self) -> Q:
        condition = Q()
        if self.area_ids:
            condition &= Q(area_id__in=sorted(self.area_ids))
        if self.countries:
            condition &= Q(seller__country__in=sorted(self.countries))
        return condition


def agent_scope(user) -> Scope:
    """At most two queries: the agent's scope row and its areas."""
    scope = AgentScope.objects.filter(agent_id=user.pk).values_list("pk", "countries").first()
    if scope is None:
        return Scope()
    scope_id, countries = scope
    if set(countries or ()) >= set(Country.values):
        countries = []  # every country: no condition (and no join to the sellers)
    area_ids = AgentScope.areas.through.objects.filter(agentscope_id=scope_id).values_list(
        "area_id", flat=True
    )
    return Scope(area_ids=frozenset(area_ids), countries=frozenset(countries or ()))


def queue_cases(
    slug: str, *, user, scope: Scope | None = None, now: datetime | None = None
) -> QuerySet[Case]:
    """The cases of one queue, in the queue's order."""
    now = now or timezone.now()
    condition = queue_condition(slug, user=user, now=now)
    if scope is not None:
        condition &= scope.condition()
    return Case.objects.filter(condition).order_by(*QUEUES_BY_SLUG[slug].ordering)


@dataclass(frozen=True)
class QueueCount:
    queue: Queue
    count: int
    capped: bool


def desk_counts(*, user, scope: Scope | None, now: datetime | None = None) -> list[QueueCount]:
    """Every queue's length in one query, each counted up to CASE_DESK_COUNT_CAP (a queue
    of 40,000 cases shows "1000+": reading it all on every visit to the desk says
    nothing more an agent can act on)."""
    now = now or timezone.now()
    cap = settings.CASE_DESK_COUNT_CAP
    parts, params = [], []
    for queue in QUEUES:
        queryset = queue_cases(queue.slug, user=user, scope=scope, now=now).order_by()
        sql, query_params = queryset.values("pk")[: cap + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS q)")
        params.extend(query_params)
    with connections[Case.objects.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        counts = cursor.fetchone()
    return [
        QueueCount(queue=queue, count=min(count, cap), capped=count > cap)
        for queue, count in zip(QUEUES, counts, strict=True)
    ]


@dataclass
class SellerContext:
    """What an agent wants at hand about the seller of a case."""

    other_open: list[Case]
    other_open_count: int
    recent_ratings: list[CaseRating]


def seller_context(case: Case, *, limit: int = 5) -> SellerContext:
    others = (
        Case.objects.filter(seller_id=case.seller_id, status__in=OPEN_STATUSES)
        .exclude(pk=case.pk)
        .only("pk", "number", "subject", "status", "seller_id")
        .order_by("-created_at", "-id")
    )
    other_open = list(others[: limit + 1])
    ratings = list(
        CaseRating.objects.filter(case__seller_id=case.seller_id)
        .select_related("case")
        .only("score", "comment", "created_at", "case__number", "case__subject")
        .order_by("-created_at")[:limit]
    )
    return SellerContext(
        other_open=other_open[:limit],
        other_open_count=len(other_open),
        recent_ratings=ratings,
    )


def agent_case_page(case: Case) -> dict:
    """What the agents' case page shows besides the case itself: the conversation with its
    files, the requests for information, the history, and the seller's context."""
    attachments = list(case.attachments.select_related("comment", "uploaded_by"))
    comments = list(case.comments.select_related("author"))
    tasks = list(case.tasks.select_related("requested_by", "answered_by"))
    files_of_comment: dict[int, list] = {}
    files_of_task: dict[int, list] = {}
    for attachment in attachments:
        if attachment.comment_id:
            files_of_comment.setdefault(attachment.comment_id, []).append(attachment)
        if attachment.task_id:
            files_of_task.setdefault(attachment.task_id, []).append(attachment)
    for comment in comments:
        comment.files = files_of_comment.get(comment.pk, [])
    for task in tasks:
        task.files = files_of_task.get(task.pk, [])
    return {
        "comments": comments,
        "tasks": tasks,
        "open_tasks": [task for task in tasks if task.is_open],
        "attachments": attachments,
        "events": agent_history(case.events.select_related("actor")),
        "seller_context": seller_context(case),
    }


def agents_for(case: Case) -> list:
    """Who hears about a case that needs support: its assignee; for an unassigned case,
    the support agents whose areas and countries hold it (an agent without areas works
    them all). At most three queries, whatever the team."""
    if case.assigned_to_id:
        assignee = case.assigned_to
        return [assignee] if assignee.is_active else []
    agents = list(
        User.objects.filter(
            is_active=True, is_staff=True, seller__isnull=True, groups__name=SUPPORT_GROUP_NAME
        )
        .select_related("desk_scope")
        .order_by("pk")
        .distinct()
    )
    scope_ids = [a.desk_scope.pk for a in agents if _scope_of(a) is not None]
    areas: dict[int, set[int]] = {}
    for scope_id, area_id in AgentScope.areas.through.objects.filter(
        agentscope_id__in=scope_ids
    ).values_list("agentscope_id", "area_id"):
        areas.setdefault(scope_id, set()).add(area_id)
    country = case.seller.country
    chosen = []
    for agent in agents:
        scope = _scope_of(agent)
        if scope is not None:
            if areas.get(scope.pk) and case.area_id not in areas[scope.pk]:
                continue
            if scope.countries and country not in scope.countries:
                continue
        chosen.append(agent)
    return chosen


def _scope_of(user) -> AgentScope | None:
    try:
        return user.desk_scope
    except AgentScope.DoesNotExist:
        return None
