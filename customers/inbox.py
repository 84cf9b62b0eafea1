"""The seller's four lists of customer requests and which requests each holds.

The indicators count with the same conditions the lists filter with (selectors), so a
count always equals the length of the list it opens. "Vencen hoy" depends on the moment
and the seller's day, so its condition takes the end of that day.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Seller
from accounts.time_zones import seller_zone

from .models import RequestStatus

S = RequestStatus


@dataclass(frozen=True)
class RequestList:
    slug: str  # its URL segment and the name of its count
    title: Promise
    description: Promise
    empty_text: Promise
    statuses: tuple[str, ...]
    due_today: bool = False

    def condition(self, end_of_day: datetime | None = None) -> Q:
        """The requests of this list, for a filter or a count. Q() means all."""
        condition = Q() if set(self.statuses) == set(S.values) else Q(status__in=self.statuses)
        if self.due_today:
            condition &= Q(due_at__lt=end_of_day)
        return condition


UNANSWERED = RequestList(
    slug="sin-responder",
    title=_("Unanswered requests"),
    description=_("Your customers are waiting for your answer: the most urgent first."),
    empty_text=_("You have answered every request. New ones show up here."),
    statuses=(S.AWAITING,),
)
DUE_TODAY = RequestList(
    slug="vencen-hoy",
    title=_("Due today"),
    description=_("Unanswered, with a deadline before the end of today (late ones included)."),
    empty_text=_("No request is due today."),
    statuses=(S.AWAITING,),
    due_today=True,
)
ANSWERED = RequestList(
    slug="respondidas",
    title=pgettext_lazy("customer request list", "Answered"),
    description=_("You answered last; a new message from the customer brings them back."),
    empty_text=_("You have not answered any request yet."),
    statuses=(S.ANSWERED,),
)
ALL = RequestList(
    slug="todas",
    title=_("All requests"),
    description=_("Unanswered, answered and closed."),
    empty_text=_("Your customers have not written yet."),
    statuses=(S.AWAITING, S.ANSWERED, S.CLOSED),
)

LISTS: tuple[RequestList, ...] = (UNANSWERED, DUE_TODAY, ANSWERED, ALL)
BY_SLUG = {request_list.slug: request_list for request_list in LISTS}


def end_of_seller_day(seller: Seller, now: datetime | None = None) -> datetime:
    """Midnight at the end of the seller's today, in their time zone."""
    zone = seller_zone(seller)
    today = timezone.localtime(now or timezone.now(), zone).date()
    return datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)


class RequestListConverter:
    """`<requestlist:request_list>` in a URL: one of the four slugs, given as its list."""

    regex = "|".join(BY_SLUG)

    def to_python(self, value: str) -> RequestList:
        return BY_SLUG[value]

    def to_url(self, value) -> str:
        slug = value.slug if isinstance(value, RequestList) else str(value)
        if slug not in BY_SLUG:
            raise ValueError(slug)
        return slug
