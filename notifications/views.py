from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from .forms import PreferencesForm
from .registry import all_kinds, chosen_by_users
from .selectors import preferences_for
from .services import preferences_update


class PreferencesView(LoginRequiredMixin, FormView):
    """Mi cuenta > Notification preferences: which emails the user wants."""

    form_class = PreferencesForm
    template_name = "notifications/preferences.html"
    success_url = reverse_lazy("notifications:preferences")

    def get_initial(self):
        return preferences_for(self.request.user)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "kinds": chosen_by_users(all_kinds(), self.request.user),
        }

    def form_valid(self, form):
        preferences_update(user=self.request.user, wanted=form.cleaned_data)
        messages.success(self.request, _("Your notification preferences were saved."))
        return super().form_valid(form)
