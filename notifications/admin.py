from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .models import NotificationPreference, OutboundEmail
from .registry import UnknownEmailKind, all_kinds, get_kind
from .services import email_retry


def kind_label(key: str) -> str:
    try:
        return str(get_kind(key).label)
    except UnknownEmailKind:
        return key


class KindFilter(admin.SimpleListFilter):
    """The registered kinds by their labels (no query for the choices)."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.key, kind.label) for kind in all_kinds()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """What was sent, what is waiting, and what failed: read-only, plus "Retry sending"."""

    list_display = [
        "created_at",
        "kind_display",
        "to_email",
        "user",
        "status",
        "attempts",
        "sent_at",
        "error_display",
    ]
    list_filter = ["status", KindFilter]
    list_select_related = ["user"]
    search_fields = ["key", "to_email", "subject", "reference"]
    date_hierarchy = "created_at"
    actions = ["retry_sending"]
    fieldsets = [
        (None, {"fields": ["kind_display", "reference", "key", "user", "to_email", "subject"]}),
        (
            _("Delivery"),
            {"fields": ["status", "attempts", "last_error", "next_attempt_at", "lease_until"]},
        ),
        (_("Dates"), {"fields": ["created_at", "updated_at", "sent_at"]}),
        (_("Content"), {"fields": ["body_text", "body_html"]}),
    ]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_display(self, obj):
        return kind_label(obj.kind)

    @admin.display(description=_("last error"))
    def error_display(self, obj):
        return Truncator(obj.last_error).chars(80)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields] + ["kind_display"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Everything is read-only: a "Save" button would promise an edit it cannot make.
        extra_context = {**(extra_context or {}), "show_save": False}
        extra_context["show_save_and_continue"] = False
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Retry sending"), permissions=["change"])
    def retry_sending(self, request, queryset):
        failed = list(
            queryset.filter(status=OutboundEmail.Status.FAILED).values_list("pk", flat=True)
        )
        for email_id in failed:
            email_retry(email_id=email_id)
        if failed:
            self.message_user(
                request,
                _("Emails queued to be sent again: %(count)d.") % {"count": len(failed)},
                messages.SUCCESS,
            )
        skipped = queryset.count() - len(failed)
        if skipped:
            self.message_user(
                request,
                _("Emails left alone because they had not failed: %(count)d.") % {"count": skipped},
                messages.WARNING,
            )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Read-only: users choose on their own preferences page."""

    list_display = ["user", "kind_display", "enabled"]
    list_filter = ["enabled", KindFilter]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name", "kind"]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_display(self, obj):
        return kind_label(obj.kind)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
