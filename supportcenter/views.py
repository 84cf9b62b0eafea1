from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import TemplateView


class HomeView(LoginRequiredMixin, TemplateView):
    """Inicio: the seller's home after login. Agents work in the admin."""

    template_name = "home.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_staff and not request.user.seller_id:
            return redirect("admin:index")
        return super().get(request, *args, **kwargs)
