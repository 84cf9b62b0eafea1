"""Automatic assignment: a new or reopened case goes to an agent who works its area and
its seller's country, is active and not away; the one with the fewest open cases, and
among equals the one least recently given a case (round-robin).

Concurrency: the candidates' AgentScope rows are locked (in one order) before their open
cases are counted, so two cases filed at once are assigned one after the other and the
second sees the first: they never both go to the same agent by a race."""

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from ..history import event_record
from ..models import AgentScope, Case, EventKind
from ..status import OPEN_STATUSES


def eligible_agent_scopes(case: Case, *, lock: bool = False) -> list[AgentScope]:
    scopes = (
        AgentScope.objects.filter(
            away=False, agent__is_active=True, agent__is_staff=True, agent__seller__isnull=True
        )
        .filter(Q(areas__isnull=True) | Q(areas=case.area_id))
        .order_by("pk")
        .distinct()
    )
    if lock:
        # Lock by id: the DISTINCT above cannot be locked, the plain rows can.
        scopes = AgentScope.objects.filter(pk__in=list(scopes.values_list("pk", flat=True)))
        scopes = scopes.select_for_update(of=("self",)).order_by("pk")
    scopes = scopes.select_related("agent")
    country = case.seller.country
    # Countries are a short JSON list: filtered here, which any database can do.
    return [scope for scope in scopes if not scope.countries or country in scope.countries]


def open_cases_per_agent(agent_ids: list[int]) -> dict[int, int]:
    rows = (
        Case.objects.filter(assigned_to__in=agent_ids, status__in=OPEN_STATUSES)
        .values("assigned_to")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["assigned_to"]: row["n"] for row in rows}


def case_assign_automatically(*, case: Case, keep_current: bool = False) -> Case:
    """In the caller's transaction (case_create, a reopening). `keep_current`: an eligible
    assignee keeps the case (a reopened case goes back to who solved it)."""
    if not settings.CASES_AUTO_ASSIGN:
        return case
    scopes = eligible_agent_scopes(case, lock=True)
    if not scopes:
        return case
    if keep_current and case.assigned_to_id in {scope.agent_id for scope in scopes}:
        return case
    open_cases = open_cases_per_agent([scope.agent_id for scope in scopes])
    never = timezone.now().replace(year=1)
    chosen = min(
        scopes,
        key=lambda s: (open_cases.get(s.agent_id, 0), s.last_assigned_at or never, s.pk),
    )
    now = timezone.now()
    chosen.last_assigned_at = now
    chosen.save(update_fields=["last_assigned_at"])
    case.assigned_to = chosen.agent
    case.save(update_fields=["assigned_to"])
    event_record(
        case=case,
        kind=EventKind.ASSIGNED,
        actor=None,
        at=now,
        data={"to": str(chosen.agent), "to_id": chosen.agent_id, "automatic": True},
    )
    return case
