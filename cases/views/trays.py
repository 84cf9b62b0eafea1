import functools

from django.utils.functional import cached_property
from django_filters.views import FilterView

from accounts.mixins import SellerRequiredMixin

from ..filters import DEFAULT_SORT, FIRST_DIRECTION, CaseFilter
from ..paginators import TrayPaginator
from ..search import seller_word_page
from ..selectors import cases as case_selectors
from ..trays import TRAYS


class TrayView(SellerRequiredMixin, FilterView):
    """One of the four trays, filtered, searched, sorted and paginated by GET parameters."""

    template_name = "cases/tray.html"
    filterset_class = CaseFilter
    paginate_by = 25
    paginator_class = TrayPaginator
    context_object_name = "cases"
    # A wrong parameter is reported on the form and ignored; the list still shows.
    strict = False

    @property
    def tray(self):
        return self.kwargs["tray"]

    @cached_property
    def status_counts(self) -> dict[str, int]:
        return case_selectors.status_counts(seller=self.seller)

    def get_queryset(self):
        # The status filter is applied here too (see tray_cases); an invalid one is ignored.
        status = self.request.GET.get("status")
        return case_selectors.tray_cases(seller=self.seller, tray=self.tray, status=status)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs.update(
            seller=self.seller,
            tray=self.tray,
            causes=case_selectors.filter_taxonomy(seller=self.seller),
        )
        return kwargs

    def get_paginator(self, queryset, per_page, **kwargs):
        # Filtered by status at most: the list is as long as the counts say.
        statuses = self.filterset.statuses_listed(self.tray)
        if statuses is not None:
            kwargs["count"] = sum(self.status_counts[status] for status in statuses)
        elif (word_query := self.filterset.word_query) is not None:
            kwargs["read_ids"] = functools.partial(seller_word_page, word_query)
        return super().get_paginator(queryset, per_page, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        # A page number past the end (filters narrowed the list) shows the last page.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = case_selectors.case_counts(seller=self.seller, by_status=self.status_counts)
        context.update(
            tray=self.tray,
            tabs=[(tray, counts[tray.slug]) for tray in TRAYS],
            is_filtering=self.filterset.is_filtering,
            more_filters_open=self.more_filters_open(),
            filter_html_key=self.filterset.html_key(),
            page_range=context["paginator"].get_elided_page_range(
                context["page_obj"].number, on_each_side=1, on_ends=1
            ),
            sort_links=self.sort_links(),
        )
        return context

    def more_filters_open(self) -> bool:
        """Whether "Más filtros" unfolds: something in it is set or wrong (not the search
        box, which is outside; folded, a phone shows the first case without scrolling)."""
        form = self.filterset.form
        cleaned = getattr(form, "cleaned_data", {})
        sorted_otherwise = (cleaned.get("orden") or DEFAULT_SORT) != DEFAULT_SORT
        narrowed = any(
            value not in (None, "") for name, value in cleaned.items() if name not in ("q", "orden")
        )
        return sorted_otherwise or narrowed or any(name != "q" for name in form.errors)

    def sort_links(self) -> dict[str, dict]:
        """Per sortable column: the `orden` its header links to, and its aria-sort."""
        # Validated by FilterView already; cleaned_data keeps the valid fields only.
        cleaned = getattr(self.filterset.form, "cleaned_data", {})
        current = cleaned.get("orden") or DEFAULT_SORT
        links = {}
        for column, first in FIRST_DIRECTION.items():
            if current.lstrip("-") == column:
                descending = current.startswith("-")
                links[column] = {
                    "orden": column if descending else f"-{column}",
                    "aria_sort": "descending" if descending else "ascending",
                }
            else:
                links[column] = {"orden": first, "aria_sort": None}
        return links
