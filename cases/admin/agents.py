"""The areas and countries each agent works (their desk's queues and emails)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.models import Country

from ..models import AgentScope


class AgentScopeForm(forms.ModelForm):
    countries = forms.MultipleChoiceField(
        label=_("countries"),
        choices=Country.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None selected: every country."),
    )

    class Meta:
        model = AgentScope
        fields = ["agent", "areas", "countries", "away"]

    def clean_countries(self):
        return sorted(self.cleaned_data["countries"])


@admin.register(AgentScope)
class AgentScopeAdmin(admin.ModelAdmin):
    form = AgentScopeForm
    list_display = ["agent", "area_names", "country_names", "away"]
    list_filter = ["away"]
    filter_horizontal = ["areas"]
    autocomplete_fields = ["agent"]
    search_fields = ["agent__full_name", "agent__email"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("agent")
            .prefetch_related("areas__record_type")
        )

    @admin.display(description=_("areas"))
    def area_names(self, obj):
        return ", ".join(str(area) for area in obj.areas.all()) or _("Every area")

    @admin.display(description=_("countries"))
    def country_names(self, obj):
        labels = dict(Country.choices)
        return ", ".join(str(labels.get(code, code)) for code in obj.countries) or _(
            "Every country"
        )
