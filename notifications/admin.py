from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .inbound.parsing import parse_message
from .inbound.processing import inbound_retry
from .models import InboundEmail, NotificationPreference, OutboundEmail
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


def report_retried(model_admin, request, *, done, skipped, done_text, skipped_text):
    """A retry action's outcome: how many were queued again, how many were left alone."""
    if done:
        model_admin.message_user(request, done_text % {"count": done}, messages.SUCCESS)
    if skipped:
        model_admin.message_user(request, skipped_text % {"count": skipped}, messages.WARNING)


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
        report_retried(
            self,
            request,
            done=len(failed),
            skipped=queryset.count() - len(failed),
            done_text=_("Emails queued to be sent again: %(count)d."),
            skipped_text=_("Emails left alone because they had not failed: %(count)d."),
        )


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    """Every email that reached the portal, with what became of it: read-only, plus
    "Process again" for those refused, ignored or failed (never an accepted one)."""

    list_display = [
        "received_at",
        "from_address",
        "subject",
        "channel",
        "status",
        "reason",
        "result",
        "reference",
    ]
    list_filter = ["status", "reason", "channel"]
    search_fields = ["message_id", "from_address", "subject", "reference"]
    date_hierarchy = "received_at"
    actions = ["process_again"]
    fieldsets = [
        (None, {"fields": ["from_address", "subject", "message_id", "channel", "size"]}),
        (
            _("Outcome"),
            {
                "fields": [
                    "status",
                    "reason",
                    "detail",
                    "reference",
                    "result",
                    "attempts",
                    "refusal_email",
                    "received_at",
                    "processed_at",
                ]
            },
        ),
        (_("Content"), {"fields": ["reply_display", "raw_display"]}),
    ]

    def get_queryset(self, request):
        # The list does not need the raw messages.
        return super().get_queryset(request).defer("raw")

    def get_readonly_fields(self, request, obj=None):
        fields = [field.name for field in self.model._meta.fields if field.name != "raw"]
        return [*fields, "reply_display", "raw_display"]

    @admin.display(description=_("reply (as read)"))
    def reply_display(self, obj):
        try:
            parsed = parse_message(bytes(obj.raw))
        except Exception as exc:  # shown to the agent, who sees why it could not be read
            return f"{type(exc).__name__}: {exc}"
        names = ", ".join(attachment.name for attachment in parsed.attachments)
        return f"{parsed.reply_text}\n\n[{names}]" if names else parsed.reply_text

    @admin.display(description=_("raw message"))
    def raw_display(self, obj):
        return Truncator(bytes(obj.raw).decode("utf-8", errors="replace")).chars(20000)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save": False}
        extra_context["show_save_and_continue"] = False
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Process again"), permissions=["change"])
    def process_again(self, request, queryset):
        retryable = [
            InboundEmail.Status.REFUSED,
            InboundEmail.Status.IGNORED,
            InboundEmail.Status.FAILED,
        ]
        ids = list(queryset.filter(status__in=retryable).values_list("pk", flat=True))
        for inbound_id in ids:
            inbound_retry(inbound_id=inbound_id)
        report_retried(
            self,
            request,
            done=len(ids),
            skipped=queryset.count() - len(ids),
            done_text=_("Emails processed again: %(count)d."),
            skipped_text=_("Emails left alone (accepted or still waiting): %(count)d."),
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
