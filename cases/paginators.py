"""Pagination for lists of tens of thousands of cases (the trays)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class TrayPaginator(Paginator):
    """A Paginator that is told the list's length when it is already known, and that
    finds a page's cases in two steps.

    Known length: an unfiltered tray (or one filtered by status only) is as long as the
    seller's counts say (selectors.status_counts); counting it again would read every one
    of the seller's cases in that tray.

    Two steps: `OFFSET 4975 LIMIT 25` over whole rows reads the 4,975 cases before the
    page too. The ids of the page come first, from an index that holds the sort order and
    the id (migration 0007): only the page's 25 cases are then read from the table.
    """

    def __init__(self, object_list, per_page, *, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
