from django.views.generic import TemplateView

from accounts.mixins import SellerRequiredMixin


class SupportHomeView(SellerRequiredMixin, TemplateView):
    """Centro de soporte: where AYUDA and Mi cuenta > Centro de soporte lead."""

    template_name = "cases/support_home.html"
