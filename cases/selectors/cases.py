"""Reads for the seller's pages: querysets scoped to the seller, with what the page shows."""

from django.db.models import BigIntegerField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404

from accounts.models import Seller

from ..models import Attachment, Case, Cause, Comment, PendingTask, SellerCaseCount
from ..status import CaseStatus
from ..taxonomy.fields import answer_display
from ..trays import PENDING, TRAYS, Tray

# What a list row never shows: left out of the tray queries.
LIST_DEFERRED = ("description", "answers")


def status_counts(*, seller: Seller) -> dict[str, int]:
    """How many cases the seller has in each status: its counts rows, one query whatever
    the number of cases (the services keep them with every case they create or move)."""
    counts = dict.fromkeys(CaseStatus.values, 0)
    counts.update(SellerCaseCount.objects.filter(seller=seller).values_list("status", "count"))
    return counts


def case_counts(*, seller: Seller, by_status: dict[str, int] | None = None) -> dict[str, int]:
    """The four indicators: each tray's statuses, summed (so a count is its list's length)."""
    by_status = status_counts(seller=seller) if by_status is None else by_status
    return {tray.slug: sum(by_status[status] for status in tray.statuses) for tray in TRAYS}


def tray_cases(*, seller: Seller, tray: Tray, status: str | None = None) -> QuerySet[Case]:
    """The cases of one tray, newest first (a FilterSet narrows and re-sorts them).

    With one of the tray's statuses, only that status: next to the tray's IN list,
    PostgreSQL would not see that the (seller, status, created) index is already in order
    and would sort the whole status to find a page.

    The seller's id goes to PostgreSQL typed bigint, like the column: the search's
    full-text indexes start with the seller (btree_gin, migration 0008), and btree_gin only matches
    bigint = bigint, not the bigint = integer a plain Python int becomes.
    """
    return (
        Case.objects.filter(seller_id=Cast(Value(seller.pk), BigIntegerField()))
        .filter(Q(status=status) if status in tray.statuses else tray.condition)
        .defer(*LIST_DEFERRED)
        .select_related("seller")  # Each row's "aprox. N días hábiles" is in its calendar.
        .order_by("-created_at", "-pk")
    )


def cases_needing_action(*, seller: Seller, limit: int = 5) -> list[Case]:
    """The cases where support waits for the seller, the longest waiting first."""
    return list(tray_cases(seller=seller, tray=PENDING).order_by("updated_at", "pk")[:limit])


def filter_taxonomy(*, seller: Seller) -> list[Cause]:
    """The causes (with area and record type) of the seller's cases, for the tray filters.

    One probe of the (seller, cause) index per cause: as quick for a seller with a hundred
    thousand cases as for one with ten.
    """
    has_cases = Case.objects.filter(seller=seller, cause=OuterRef("pk"))
    return list(
        Cause.objects.filter(Exists(has_cases))
        .select_related("area__record_type")
        .order_by(
            "area__record_type__order",
            "area__record_type__name",
            "area__order",
            "area__name",
            "order",
            "name",
        )
    )


def case_for_seller(*, seller: Seller, number: int) -> Case:
    """A case of this seller, or 404: another seller's case does not exist for them."""
    return get_object_or_404(
        Case.objects.select_related("seller", "created_by", "rating"),
        seller=seller,
        number=number,
    )


def cases_referencing(*, seller: Seller, reference: str) -> QuerySet[Case]:
    """The seller's cases filed about `reference` (cases/references.py), newest first."""
    return (
        Case.objects.filter(seller=seller, external_reference=reference)
        .only("number", "status", "subject", "created_at")
        .order_by("-created_at", "-pk")
    )


def case_task(*, case: Case, task_id: int) -> PendingTask:
    """A task of this (already scoped) case, or 404."""
    return get_object_or_404(case.tasks.all(), pk=task_id)


def seller_attachments(*, seller: Seller) -> QuerySet[Attachment]:
    """Attachments a seller's users may download: their cases', never internal notes'."""
    return Attachment.objects.filter(case__seller=seller).exclude(comment__is_internal=True)


# A long case's page shows its latest messages and history entries, the rest one click
# away: the page's work stays the same however long the case gets.
RECENT_MESSAGES = 50
RECENT_EVENTS = 50


def _latest(queryset: QuerySet, limit: int | None) -> tuple[list, bool]:
    """The last `limit` rows, oldest first as the page reads them, and whether there are
    earlier ones (asked for one row more than shown: no COUNT). None: every row."""
    if limit is None:
        return list(queryset), False
    rows = list(queryset.reverse()[: limit + 1])
    return rows[:limit][::-1], len(rows) > limit


def _shown_answers(case: Case, by_field: dict[str, list]) -> list[dict]:
    """The case's answers as the seller reads them, each with its files."""
    return [
        {
            **answer,
            "display": answer_display(answer, country=case.seller.country),
            "files": by_field.get(answer.get("key"), []),
        }
        for answer in case.answers or []
    ]


def case_summary_data(*, case: Case) -> dict:
    """The summary sheet after CREAR CASO: the answers and the other attachments."""
    by_field, loose = {}, []
    for attachment in Attachment.objects.filter(
        case=case, comment__isnull=True, task__isnull=True
    ).order_by("created_at"):
        if attachment.field_key:
            by_field.setdefault(attachment.field_key, []).append(attachment)
        else:
            loose.append(attachment)
    return {"answers": _shown_answers(case, by_field), "case_files": loose}


def case_page_data(*, case: Case, complete: bool = False) -> dict:
    """Everything the seller's case page shows, in a fixed number of queries.

    The latest RECENT_MESSAGES messages and RECENT_EVENTS history entries, or all of them
    when `complete`."""
    attachments = list(
        Attachment.objects.filter(case=case)
        .exclude(comment__is_internal=True)
        .order_by("created_at")
    )
    tasks = list(
        PendingTask.objects.filter(case=case)
        .select_related("answered_by")
        .order_by("requested_at", "id")
    )
    comments, earlier_comments = _latest(
        Comment.objects.filter(case=case, is_internal=False)
        .select_related("author")
        .order_by("created_at", "id"),
        None if complete else RECENT_MESSAGES,
    )
    events, earlier_events = _latest(
        case.events.visible_to_seller().select_related("actor").order_by("created_at", "id"),
        None if complete else RECENT_EVENTS,
    )
    by_comment, by_task, by_field, loose = {}, {}, {}, []
    for attachment in attachments:
        if attachment.comment_id:
            by_comment.setdefault(attachment.comment_id, []).append(attachment)
        elif attachment.task_id:
            by_task.setdefault(attachment.task_id, []).append(attachment)
        elif attachment.field_key:
            by_field.setdefault(attachment.field_key, []).append(attachment)
        else:
            loose.append(attachment)
    for comment in comments:
        comment.files = by_comment.get(comment.pk, [])
    for task in tasks:
        task.files = by_task.get(task.pk, [])
    answers = _shown_answers(case, by_field)
    return {
        "tasks": tasks,
        "open_tasks": [t for t in tasks if t.is_open],
        "comments": comments,
        "earlier_comments": earlier_comments,
        "events": events,
        "earlier_events": earlier_events,
        "past_tasks": [t for t in tasks if not t.is_open],
        "answers": answers,
        "attachments": attachments,
        "field_files": by_field,
        "case_files": loose,
    }


__all__ = [
    "case_counts",
    "case_for_seller",
    "case_task",
    "status_counts",
    "case_page_data",
    "case_summary_data",
    "cases_needing_action",
    "cases_referencing",
    "filter_taxonomy",
    "seller_attachments",
    "tray_cases",
]
