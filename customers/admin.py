"""The agents' view of Atención al cliente: integrations (superusers manage tokens), the
requests (read-only, with each seller's service level) and the webhooks' outbox."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.models import Seller

from .chart import weekly_chart
from .models import CustomerRequest, Integration, RequestMessage, WebhookDelivery
from .service_level import WINDOW_DAYS, service_level
from .services import webhook_retry
from .services.integrations import (
    integration_prepare,
    integration_revoke,
    integration_rotate_token,
)


def show_token_once(request, integration: Integration, token: str) -> None:
    messages.warning(
        request,
        _(
            "The token of “%(name)s” is: %(token)s — copy it now, it is not shown again "
            "(only its hash is kept)."
        )
        % {"name": integration.name, "token": token},
    )


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin):
    list_display = ["name", "token_prefix", "webhook_url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "token_prefix"]
    filter_horizontal = ["sellers"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["token_prefix", "webhook_secret", "revoked_at", "created_at"]
    actions = ["revoke_tokens", "rotate_token"]
    fields = [
        "name",
        "sellers",
        "webhook_url",
        "webhook_secret",
        "attachment_hosts",
        "email_buyer",
        "requests_per_minute",
        "is_active",
        "token_prefix",
        "revoked_at",
        "created_at",
    ]

    def save_model(self, request, obj, form, change):
        token = None if change else integration_prepare(obj)
        super().save_model(request, obj, form, change)
        if token:
            show_token_once(request, obj, token)

    @admin.action(description=_("Revoke the token"), permissions=["change"])
    def revoke_tokens(self, request, queryset):
        for integration in queryset:
            integration_revoke(integration=integration)
        self.message_user(request, _("Tokens revoked: they are refused from now on."))

    @admin.action(
        description=_("Give a new token (the old one stops working)"), permissions=["change"]
    )
    def rotate_token(self, request, queryset):
        for integration in queryset:
            show_token_once(request, integration, integration_rotate_token(integration=integration))


class MessageInline(admin.TabularInline):
    model = RequestMessage
    fields = ["sent_at", "author", "author_user", "body", "external_id"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CustomerRequest)
class CustomerRequestAdmin(admin.ModelAdmin):
    """Read-only: the requests belong to the sellers and the marketplace."""

    list_display = [
        "external_id",
        "seller",
        "kind",
        "status",
        "buyer_name",
        "received_at",
        "due_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["seller"]
    search_fields = ["=external_id", "=order_number", "buyer_name", "seller__code"]
    show_full_result_count = False
    inlines = [MessageInline]
    exclude = ["search_document", "payload_digest", "warned_due_at"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = staff_member_required(self.admin_site.admin_view(self.service_level_view))
        return [
            path("nivel-de-atencion/", view, name="customers_customerrequest_service_level"),
            *super().get_urls(),
        ]

    def service_level_view(self, request):
        """Tu nivel de atención of any seller, as the seller sees it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        code = request.GET.get("seller", "").strip()
        seller = Seller.objects.filter(code=code).first() if code else None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Service level"),
            "opts": self.model._meta,
            "seller": seller,
            "code": code,
            "window_days": WINDOW_DAYS,
        }
        if seller is not None:
            level = service_level(seller=seller, now=timezone.now())
            context.update(level, chart=weekly_chart(level["weeks"]))
        return TemplateResponse(request, "admin/customers/service_level.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "service_level_url": "nivel-de-atencion/"}
        return super().changelist_view(request, extra_context)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """What was sent to the marketplace, what waits, what failed: read-only, plus retry."""

    list_display = [
        "created_at",
        "event",
        "integration",
        "status",
        "attempts",
        "response_status",
        "sent_at",
        "error_display",
    ]
    list_filter = ["status", "event", "integration"]
    list_select_related = ["integration"]
    search_fields = ["key"]
    date_hierarchy = "created_at"
    actions = ["retry_sending"]

    @admin.display(description=_("last error"))
    def error_display(self, obj):
        return Truncator(obj.last_error).chars(80)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_save": False}
        extra_context["show_save_and_continue"] = False
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Retry sending"), permissions=["change"])
    def retry_sending(self, request, queryset):
        failed = list(
            queryset.filter(status=WebhookDelivery.Status.FAILED).values_list("pk", flat=True)
        )
        for delivery_id in failed:
            webhook_retry(delivery_id=delivery_id)
        self.message_user(
            request,
            _("Webhooks queued to be sent again: %(count)d.") % {"count": len(failed)},
            messages.SUCCESS if failed else messages.WARNING,
        )
