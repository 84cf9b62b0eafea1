"""Respuestas rápidas, managed by the agents' leads."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import QuickReply
from ..quick_replies import PLACEHOLDERS


@admin.register(QuickReply)
class QuickReplyAdmin(admin.ModelAdmin):
    list_display = ["title", "cause", "area", "action", "is_active", "usage_count"]
    list_filter = ["is_active", "action", "area"]
    list_select_related = ["cause", "area"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["cause"]
    readonly_fields = ["usage_count"]
    fields = ["title", "body", "cause", "area", "action", "task_text", "is_active", "usage_count"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        names = ", ".join(f"{{{name}}} ({label})" for name, label in PLACEHOLDERS.items())
        form.base_fields["body"].help_text = _("Placeholders: %(names)s.") % {"names": names}
        return form
