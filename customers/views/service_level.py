from django.utils import timezone
from django.views.generic import TemplateView

from accounts.mixins import SellerRequiredMixin

from ..chart import weekly_chart
from ..service_level import WINDOW_DAYS, service_level


class ServiceLevelView(SellerRequiredMixin, TemplateView):
    """Tu nivel de atención (agents see the same per seller in the admin)."""

    template_name = "customers/service_level.html"

    def get_context_data(self, **kwargs):
        level = service_level(seller=self.seller, now=timezone.now())
        return {
            **super().get_context_data(**kwargs),
            **level,
            "chart": weekly_chart(level["weeks"]),
            "window_days": WINDOW_DAYS,
        }
