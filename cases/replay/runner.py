"""Replay a planned year through the portal's own services, with the clock mocked.

Everything but the clock is real: the cases are filed with `case_create`, agents take them
(`case_assign`), ask the seller (`task_open`), the seller answers (`task_answer`), support
resolves (`case_change_status`); after each change the estimate is refreshed as the Celery
task does after the commit (`case_refresh_eta`), and the periodic refresh (`refresh_etas`)
runs every hour of the year. It all happens in one transaction that is rolled back at the
end: the database keeps nothing (but the case numbers a sequence handed out).
"""

import heapq
import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db import transaction

from accounts.models import COUNTRY_TIME_ZONES, Seller, User

from ..eta.calendar import calendar_for
from ..eta.tasks import refresh_etas
from ..models import Area, Case, CaseEvent, Cause, EventKind, PendingTask, RecordType, TaskStatus
from ..services.cases import case_assign, case_change_status, case_create
from ..services.eta import case_refresh_eta
from ..services.pending_tasks import task_answer, task_open
from ..status import OPEN_STATUSES, CaseStatus
from .scenario import CAUSES, PlannedCase, plan_year, timeline

TICK = timedelta(hours=1)  # How often the periodic refresh runs in the replay.


@dataclass
class Outcome:
    """What one replayed case was promised and what it took (business seconds)."""

    cause: str
    paused: bool
    first_seconds: int
    first_method: str
    resolution_seconds: int
    renewals: list[int] = field(default_factory=list)  # Whole estimates given when late.

    @property
    def on_time(self) -> bool:
        return self.resolution_seconds <= self.first_seconds


@dataclass
class _World:
    agent: User
    users: dict[str, User]  # By country.
    causes: dict[str, Cause]  # By CauseSpec.key.


def _build_world(tag: str) -> _World:
    record_type = RecordType.objects.create(name=f"Replay {tag}")
    areas = {
        name: Area.objects.create(record_type=record_type, name=name)
        for name in sorted({spec.area for spec in CAUSES})
    }
    causes = {
        spec.key: Cause.objects.create(
            area=areas[spec.area],
            name=spec.name,
            target_value=spec.target_value,
            target_unit=spec.target_unit,
        )
        for spec in CAUSES
    }
    users = {}
    for country in COUNTRY_TIME_ZONES:
        seller = Seller.objects.create(
            code=f"R{tag[:8]}{country}",
            legal_name=f"Replay {country}",
            trade_name=f"Replay {country}",
            country=country,
        )
        users[country] = User.objects.create_user(
            email=f"replay-{tag}-{country.lower()}@example.com",
            full_name=f"Seller {country}",
            seller=seller,
        )
    agent = User.objects.create_user(
        email=f"replay-{tag}-agent@example.com", full_name="Agente", is_staff=True
    )
    return _World(agent=agent, users=users, causes=causes)


def replay(
    *,
    seed: int,
    cases: int,
    start: date,
    days: int = 365,
    progress: Callable[[str], None] | None = None,
) -> list[Outcome]:
    """Replay `cases` cases filed over `days` days from `start`; one Outcome per case."""
    plan = plan_year(seed=seed, cases=cases, start=start, days=days)
    first = datetime.combine(start, time(0), tzinfo=ZoneInfo("UTC"))
    with transaction.atomic():
        world = _build_world(uuid.uuid4().hex)
        with time_machine.travel(first, tick=False) as traveller:
            case_ids = _run(plan, world, traveller, first, progress)
        outcomes = _outcomes(plan, case_ids)
        transaction.set_rollback(True)
    return outcomes


def _run(plan, world, traveller, first, progress) -> dict[int, int]:
    order = itertools.count()
    queue: list = []
    for planned in plan:
        calendar = calendar_for(planned.country, COUNTRY_TIME_ZONES[planned.country])
        steps = timeline(planned, calendar)
        heapq.heappush(queue, (steps.created_at, next(order), "create", planned))
        heapq.heappush(queue, (steps.assign_at, next(order), "assign", planned))
        if steps.pause is not None:
            heapq.heappush(queue, (steps.pause[0], next(order), "ask", planned))
            heapq.heappush(queue, (steps.pause[1], next(order), "answer", planned))
        heapq.heappush(queue, (steps.resolve_at, next(order), "resolve", planned))
    case_ids: dict[int, int] = {}
    tasks: dict[int, PendingTask] = {}
    # The due date of each open case, as last refreshed: the periodic refresh is run only
    # at the hours when one is reached (an empty run changes nothing; it only costs time).
    due: dict[int, datetime] = {}
    next_tick = first + TICK
    done = 0
    while queue:
        at, _order, kind, planned = heapq.heappop(queue)
        while next_tick <= at:
            if due and min(due.values()) <= next_tick:
                traveller.move_to(next_tick)
                refresh_etas()
                due.update(
                    Case.objects.filter(pk__in=list(due), status__in=OPEN_STATUSES).values_list(
                        "pk", "eta_due_at"
                    )
                )
            next_tick += TICK
        traveller.move_to(at)
        case = _step(kind, planned, world, case_ids, tasks)
        if case.status in OPEN_STATUSES:
            due[case.pk] = case.eta_due_at
        else:
            due.pop(case.pk, None)
        if kind == "resolve":
            done += 1
            if progress and done % 100 == 0:
                progress(f"{done} of {len(plan)} cases resolved ({at:%Y-%m-%d})")
    return case_ids


def _step(kind: str, planned: PlannedCase, world: _World, case_ids, tasks) -> Case:
    agent, user = world.agent, world.users[planned.country]
    if kind == "create":
        case = case_create(
            seller=user.seller,
            created_by=user,
            cause=world.causes[planned.cause],
            subject=f"Caso simulado {planned.index}",
            description="Caso de la simulación de un año (eta_replay).",
        )
        case_ids[planned.index] = case.pk
    else:
        case = Case.objects.get(pk=case_ids[planned.index])
        if kind == "assign":
            case_assign(case=case, assignee=agent, actor=agent)
        elif kind == "ask":
            tasks[planned.index] = task_open(
                case=case, requested_by=agent, request_text="Envía el comprobante."
            )
        elif kind == "answer":
            task = tasks.pop(planned.index)
            if PendingTask.objects.filter(pk=task.pk, status=TaskStatus.OPEN).exists():
                task_answer(task=task, answered_by=user, answer_text="Adjunto el comprobante.")
        elif kind == "resolve":
            case_change_status(case=case, to_status=CaseStatus.RESOLVED, actor=agent)
    # What the Celery task does after the commit of each change.
    return case_refresh_eta(case_id=case.pk)


def _outcomes(plan: list[PlannedCase], case_ids: dict[int, int]) -> list[Outcome]:
    resolution = dict(
        Case.objects.filter(pk__in=case_ids.values()).values_list(
            "pk", "resolution_business_seconds"
        )
    )
    changes: dict[int, list[dict]] = {}
    for case_id, data in (
        CaseEvent.objects.filter(case_id__in=case_ids.values(), kind=EventKind.ETA_CHANGED)
        .order_by("created_at", "id")
        .values_list("case_id", "data")
    ):
        changes.setdefault(case_id, []).append(data)
    outcomes = []
    for planned in plan:
        case_id = case_ids[planned.index]
        events = changes.get(case_id, [])
        created = next(e for e in events if e.get("reason") == "created")
        outcomes.append(
            Outcome(
                cause=planned.cause,
                paused=planned.pause_after is not None,
                first_seconds=created["total_seconds"],
                first_method=created["method"],
                resolution_seconds=resolution[case_id],
                renewals=[e["total_seconds"] for e in events if e.get("reason") == "overdue"],
            )
        )
    return outcomes
