"""Pagination for lists of tens of thousands of cases (the trays)."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.utils.functional import cached_property


def page_bounds(paginator: Paginator, number) -> tuple[int, int, int]:
    """Paginator.page's arithmetic, for paginators that read a page by its ids: the
    validated page number and its slice [bottom:top] of the list (orphans included)."""
    number = paginator.validate_number(number)
    bottom = (number - 1) * paginator.per_page
    top = bottom + paginator.per_page
    if top + paginator.orphans >= paginator.count:
        top = paginator.count
    return number, bottom, top


class TrayPaginator(Paginator):
    """A Paginator that is told the list's length when it is already known, and that
    finds a page's cases in two steps.

    Known length: an unfiltered tray (or one filtered by status only) is as long as the
    seller's counts say (selectors.status_counts); counting it again would read every one
    of the seller's cases in that tray.

    Two steps: `OFFSET 4975 LIMIT 25` over whole rows reads the 4,975 cases before the
    page too. The ids of the page come first, from an index that holds the sort order and
    the id (migration 0007): only the page's 25 cases are then read from the table.

    Unknown length (a word search, other filters): the page's ids and the list's length
    come from one query (`COUNT(*) OVER ()`), one pass over the matches instead of two
    (a count, then the ids), and the same number of queries as before. Only a page past
    the end asks for the length again, to show the last page.

    Ids read elsewhere (`read_ids(offset, limit, page_size) -> (ids, length, start)`: a
    word search answered by the words' index, cases/search.py): that query in place of
    the window above, which also reads the last page when the page asked for is past the
    end; the page's cases are then read by their ids from `object_list`.
    """

    def __init__(
        self,
        object_list,
        per_page,
        *,
        count: int | None = None,
        read_ids: Callable[..., tuple[list[int], int, int]] | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count
        self.read_ids = read_ids

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        if self.read_ids is not None:
            return self.read_ids(offset=0, limit=0)[1]
        return super().count

    def get_page(self, number):
        if self.known_count is None and "count" not in self.__dict__:
            self._count_with_page(number)
        return super().get_page(number)

    def _count_with_page(self, number) -> None:
        try:
            wanted = max(int(number), 1)
        except (TypeError, ValueError):
            wanted = 1
        bottom = (wanted - 1) * self.per_page
        if self.read_ids is not None:
            ids, length, start = self.read_ids(
                offset=bottom, limit=self.per_page + self.orphans, page_size=self.per_page
            )
            self.__dict__["count"] = length
            if ids:
                self._prefetched = (start // self.per_page + 1, ids)
            return
        rows = list(
            self.object_list.annotate(list_length=Window(Count("pk"))).values_list(
                "pk", "list_length"
            )[bottom : bottom + self.per_page + self.orphans]
        )
        if rows:
            self.__dict__["count"] = rows[0][1]
            self._prefetched = (wanted, [pk for pk, _length in rows])
        elif bottom == 0:
            self.__dict__["count"] = 0  # nothing matches: no page to count to

    def page(self, number):
        number, bottom, top = page_bounds(self, number)
        prefetched = getattr(self, "_prefetched", None)
        if prefetched and prefetched[0] == number:
            ids = prefetched[1][: top - bottom]
        elif self.read_ids is not None:
            ids = self.read_ids(offset=bottom, limit=top - bottom)[0]
        else:
            ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
