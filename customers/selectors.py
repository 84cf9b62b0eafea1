"""Reads for the seller's Atención al cliente pages: scoped to the seller, with what each
page shows, in a fixed number of queries whatever the number of requests."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import BigIntegerField, ExpressionWrapper, F, Prefetch, QuerySet, Value
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404

from accounts.models import Seller
from cases.selectors.cases import cases_referencing

from .inbox import DUE_TODAY, LISTS, UNANSWERED, RequestList, end_of_seller_day
from .models import (
    CustomerRequest,
    RequestAttachment,
    RequestMessage,
    RequestStatus,
    SavedAnswer,
    SellerRequestCount,
)
from .references import request_reference

# The lists: soonest deadline first (the waiting ones), then the latest message. The
# indexes custreq_seller_sort_idx and custreq_seller_status_sort_idx hold this order.
LIST_ORDER = (F("due_at").asc(nulls_last=True), F("last_message_at").desc(), F("id").desc())


@dataclass(frozen=True)
class KeptCounts:
    by_status: dict[str, int]
    # The sum of the rows' changes: it grows with every new request and status move, so
    # the same version is the same lists (SellerRequestCount.changes).
    version: int


def kept_counts(*, seller: Seller) -> KeptCounts:
    by_status, version = dict.fromkeys(RequestStatus.values, 0), 0
    rows = SellerRequestCount.objects.filter(seller=seller)
    for status, count, changes in rows.values_list("status", "count", "changes"):
        by_status[status] = count
        version += changes
    return KeptCounts(by_status=by_status, version=version)


def status_counts(*, seller: Seller) -> dict[str, int]:
    return kept_counts(seller=seller).by_status


def due_today_count(*, seller: Seller, now: datetime | None = None) -> int:
    return (
        CustomerRequest.objects.filter(seller=seller)
        .filter(DUE_TODAY.condition(end_of_seller_day(seller, now)))
        .count()
    )


def list_counts(*, seller: Seller, now: datetime | None = None) -> dict[str, int]:
    """The four indicators in two queries: the kept status counts, and the requests due
    by the end of the seller's day (few: only the waiting ones are read)."""
    by_status = status_counts(seller=seller)
    counts = {
        request_list.slug: sum(by_status[status] for status in request_list.statuses)
        for request_list in LISTS
        if not request_list.due_today
    }
    counts[DUE_TODAY.slug] = due_today_count(seller=seller, now=now)
    return counts


def list_requests(
    *,
    seller: Seller,
    request_list: RequestList,
    now: datetime | None = None,
    seller_in_index: bool = True,
) -> QuerySet[CustomerRequest]:
    """The requests of one list, in their order (a FilterSet narrows them).

    The seller's id is typed bigint like the column, so an index on it matches (the lists'
    order indexes, and the search's btree_gin index on (seller, document)). With
    `seller_in_index=False` the seller is checked on each row read but not looked up in an
    index: for a search's count, whose words already carry the seller's id (migration
    0004), reading a word's entries alone is faster than intersecting them with the
    seller's every entry in the same index (110,000 for the largest seller)."""
    end_of_day = end_of_seller_day(seller, now) if request_list.due_today else None
    if seller_in_index:
        requests = CustomerRequest.objects.filter(
            seller_id=Cast(Value(seller.pk), BigIntegerField())
        )
    else:
        requests = CustomerRequest.objects.alias(
            seller_checked=ExpressionWrapper(F("seller_id") + 0, BigIntegerField())
        ).filter(seller_checked=seller.pk)
    return (
        requests.filter(request_list.condition(end_of_day))
        .defer("search_document", "payload_digest")
        .order_by(*LIST_ORDER)
    )


def most_urgent(*, seller: Seller, limit: int = 5) -> list[CustomerRequest]:
    return list(list_requests(seller=seller, request_list=UNANSWERED)[:limit])


def request_for_seller(*, seller: Seller, pk: int) -> CustomerRequest:
    """A request of this seller, or 404: another seller's request does not exist for them."""
    return get_object_or_404(
        CustomerRequest.objects.select_related("seller", "integration").defer("search_document"),
        seller=seller,
        pk=pk,
    )


def request_page_data(*, request: CustomerRequest) -> dict:
    """The thread with its files, the cases escalated from it, the saved answers."""
    thread = list(
        RequestMessage.objects.filter(request=request)
        .select_related("author_user")
        .prefetch_related(
            Prefetch("attachments", queryset=RequestAttachment.objects.order_by("created_at"))
        )
        .order_by("sent_at", "id")
    )
    return {
        "thread": thread,
        "linked_cases": list(
            cases_referencing(seller=request.seller, reference=request_reference(request))
        ),
        "saved_answers": saved_answers(seller=request.seller),
    }


def saved_answers(*, seller: Seller) -> list[SavedAnswer]:
    return list(SavedAnswer.objects.filter(seller=seller).order_by("title", "pk"))


def saved_answer_for_seller(*, seller: Seller, pk: int) -> SavedAnswer:
    return get_object_or_404(SavedAnswer, seller=seller, pk=pk)


def seller_attachments(*, seller: Seller) -> QuerySet[RequestAttachment]:
    return RequestAttachment.objects.filter(request__seller=seller)
