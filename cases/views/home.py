from django.views.generic import TemplateView

from accounts.mixins import SellerRequiredMixin

from ..selectors import cases as case_selectors
from ..trays import PENDING, TRAYS


class SupportHomeView(SellerRequiredMixin, TemplateView):
    """Centro de soporte: where AYUDA and Mi cuenta > Centro de soporte lead."""

    template_name = "cases/support_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = case_selectors.case_counts(seller=self.seller)
        context.update(
            indicators=[(tray, counts[tray.slug]) for tray in TRAYS],
            pending_tray=PENDING,
            pending_count=counts[PENDING.slug],
            needing_action=case_selectors.cases_needing_action(seller=self.seller),
        )
        return context
