from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What support agents need in the admin: read the requests, follow and retry the webhooks,
# see the integrations (superusers manage them: tokens and secrets).
SUPPORT_PERMISSIONS = [
    "view_customerrequest",
    "view_webhookdelivery",
    "change_webhookdelivery",
    "view_integration",
]


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customer service")

    def ready(self):
        from accounts.roles import keep_support_permissions
        from cases.references import ReferenceKind, register_reference_kind

        from .emails import register_customer_email_kinds
        from .references import PREFIX, describe_request_reference

        keep_support_permissions(self, SUPPORT_PERMISSIONS)
        register_customer_email_kinds()
        # A case escalated from a request links back to it (cases never imports us).
        register_reference_kind(ReferenceKind(prefix=PREFIX, describe=describe_request_reference))
