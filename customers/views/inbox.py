"""Atención al cliente: the indicators and the four lists (like the support trays)."""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from django_filters.views import FilterView

from accounts.mixins import SellerRequiredMixin

from .. import selectors
from ..filters import RequestFilter
from ..inbox import DUE_TODAY, LISTS, UNANSWERED


class KnownCountPaginator(Paginator):
    """Told the list's length when the kept counts already say it (no COUNT query), or
    counting up to `cap`: a search of a common word ("cafetera": 14,000 of the largest
    seller's requests) would read every match from the table only to number the pages, so
    it reads at most `cap` + 1 and the list says "more than `cap`" (`capped`) and offers
    its first pages, as the agents' case list does.

    With `cache_key` that count is kept in the cache: the key names the search and the
    state of the seller's lists (KeptCounts.version), so the next page of the same search,
    or the list again after a look at a request, is not counted again, and any new request
    or status move makes a new key (docs/benchmarks.md, the inbox's search)."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        count: int | None = None,
        cap: int | None = None,
        counted=None,
        cache_key: str | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        # `counted`: the same rows as `object_list`, in a query the count reads faster.
        self.cap, self.counted = cap, object_list if counted is None else counted
        self.cache_key = cache_key
        if count is not None:
            self.count = count  # the cached_property, set ahead

    @cached_property
    def count(self) -> int:
        if self.cap is None:
            return super().count
        return min(self._found, self.cap)

    @cached_property
    def _found(self) -> int:
        found = None if self.cache_key is None else cache.get(self.cache_key)
        if found is None:
            # Unordered: which cap + 1 rows are counted does not matter, and in no order
            # the search's index finds them without sorting every match.
            found = self.counted.order_by()[: self.cap + 1].count()
            if self.cache_key is not None:
                cache.set(self.cache_key, found, settings.CUSTOMER_SEARCH_COUNT_CACHE_SECONDS)
        return found

    @property
    def capped(self) -> bool:
        """Counted up to `cap`, and more were found."""
        return self.cap is not None and self._found > self.cap


class CustomersHomeView(SellerRequiredMixin, TemplateView):
    """Where the tab "Atención al cliente" and Mi cuenta lead."""

    template_name = "customers/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        counts = selectors.list_counts(seller=self.seller, now=now)
        context.update(
            indicators=[(request_list, counts[request_list.slug]) for request_list in LISTS],
            urgent=selectors.most_urgent(seller=self.seller),
            unanswered_list=UNANSWERED,
            due_today_list=DUE_TODAY,
            unanswered_count=counts[UNANSWERED.slug],
            now=now,
        )
        return context


class RequestListView(SellerRequiredMixin, FilterView):
    """One of the four lists, filtered and searched by GET parameters, by time left."""

    template_name = "customers/request_list.html"
    filterset_class = RequestFilter
    paginate_by = 25
    paginator_class = KnownCountPaginator
    context_object_name = "requests"
    strict = False  # a wrong parameter is reported on the form; the list still shows

    @property
    def request_list(self):
        return self.kwargs["request_list"]

    @cached_property
    def now(self):
        return timezone.now()

    @cached_property
    def kept_counts(self) -> selectors.KeptCounts:
        return selectors.kept_counts(seller=self.seller)

    @property
    def status_counts(self) -> dict[str, int]:
        return self.kept_counts.by_status

    @cached_property
    def filter_html_key(self) -> str:
        return self.filterset.html_key()

    def get_queryset(self):
        return selectors.list_requests(
            seller=self.seller, request_list=self.request_list, now=self.now
        )

    @cached_property
    def is_short(self) -> bool:
        """Few enough requests in the list (the kept counts say) to check a search's words
        on each one rather than in the words' index."""
        listed = sum(self.status_counts[status] for status in self.request_list.statuses)
        return listed <= settings.CUSTOMER_SEARCH_ROW_BY_ROW_UP_TO

    def get_filterset_kwargs(self, filterset_class):
        return {
            **super().get_filterset_kwargs(filterset_class),
            "request_list": self.request_list,
            "seller": self.seller,
            "words_row_by_row": self.is_short,
        }

    def get_paginator(self, queryset, per_page, **kwargs):
        statuses = self.filterset.statuses_listed(self.request_list)
        if statuses is not None:
            kwargs["count"] = sum(self.status_counts[status] for status in statuses)
        elif self.filterset.is_searching:
            kwargs["cap"] = settings.CUSTOMER_SEARCH_COUNT_CAP
            if not self.is_short:
                kwargs["counted"] = self.filterset.filter_queryset(
                    selectors.list_requests(
                        seller=self.seller,
                        request_list=self.request_list,
                        now=self.now,
                        seller_in_index=False,
                    )
                )
            if not self.request_list.due_today:  # whose length changes with the hour
                kwargs["cache_key"] = ":".join(
                    (
                        "customers-search-count",
                        str(self.seller.pk),
                        self.request_list.slug,
                        str(self.kept_counts.version),
                        self.filter_html_key,
                    )
                )
        return super().get_paginator(queryset, per_page, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        # A page past the end (the filters narrowed the list) shows the last one.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = {
            request_list.slug: sum(self.status_counts[s] for s in request_list.statuses)
            for request_list in LISTS
        }
        counts[DUE_TODAY.slug] = (
            context["paginator"].count
            if self.request_list == DUE_TODAY and not self.filterset.is_filtering
            else selectors.due_today_count(seller=self.seller, now=self.now)
        )
        context.update(
            request_list=self.request_list,
            tabs=[(request_list, counts[request_list.slug]) for request_list in LISTS],
            is_filtering=self.filterset.is_filtering,
            filter_html_key=self.filter_html_key,
            more_filters_open=any(name != "q" for name in self.filterset.form.errors)
            or self.more_filters_set(),
            page_range=context["paginator"].get_elided_page_range(
                context["page_obj"].number, on_each_side=1, on_ends=1
            ),
            now=self.now,
        )
        return context

    def more_filters_set(self) -> bool:
        return any(name != "q" for name in self.filterset.narrowing)
