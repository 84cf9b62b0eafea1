"""The seller's four trays and which cases each holds.

The indicator counts and the lists share these conditions (see selectors), so a count
always equals the length of the list it opens.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .status import CLOSED_STATUSES, OPEN_STATUSES, CaseStatus, in_order


@dataclass(frozen=True)
class Tray:
    slug: str  # its URL segment, and the name of its count
    title: Promise
    description: Promise
    empty_text: Promise
    statuses: tuple[str, ...]

    @property
    def lists_every_status(self) -> bool:
        return set(self.statuses) == set(CaseStatus.values)

    @property
    def condition(self) -> Q:
        """The cases of this tray, for a filter or a conditional count. Q() means all."""
        if self.lists_every_status:
            return Q()
        return Q(status__in=self.statuses)

    @property
    def offers_new_case(self) -> bool:
        return self.slug in {"abiertos", "todos"}


PENDING = Tray(
    slug="pendientes",
    title=_("Cases with pending tasks"),
    description=_("Open cases where support is waiting for information from you."),
    empty_text=_(
        "You have no pending tasks. When support asks you for information, the case shows up here."
    ),
    statuses=in_order({CaseStatus.WAITING_ON_SELLER}),
)
OPEN = Tray(
    slug="abiertos",
    title=_("All open cases"),
    description=_("Cases from their creation until support resolves them."),
    empty_text=_("You have no open cases. Need help?"),
    statuses=in_order(OPEN_STATUSES),
)
CLOSED = Tray(
    slug="cerrados",
    title=_("Closed cases"),
    description=_("Cases that have already been resolved by our team."),
    empty_text=_("You have no closed cases yet. Resolved cases show up here."),
    statuses=in_order(CLOSED_STATUSES),
)
ALL = Tray(
    slug="todos",
    title=_("All cases"),
    description=_("Your seller's open and closed cases."),
    empty_text=_("You have not created any case yet. Need help?"),
    statuses=in_order(set(CaseStatus.values)),
)

TRAYS: tuple[Tray, ...] = (PENDING, OPEN, CLOSED, ALL)
BY_SLUG = {tray.slug: tray for tray in TRAYS}


class TrayConverter:
    """`<tray:tray>` in a URL: one of the four slugs, given to the view as its Tray."""

    regex = "|".join(BY_SLUG)

    def to_python(self, value: str) -> Tray:
        return BY_SLUG[value]

    def to_url(self, value) -> str:
        slug = value.slug if isinstance(value, Tray) else str(value)
        if slug not in BY_SLUG:
            raise ValueError(slug)
        return slug
