from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# What support agents need in the admin: read the requests, follow and retry the webhooks,
# see the integrations (superusers manage them: tokens and secrets).
SUPPORT_PERMISSIONS = [
    "view_customerrequest",
    "view_webhookdelivery",
    "change_webhookdelivery",
    "view_integration",
]


def sync_support_permissions_for_customers(sender, using="default", **kwargs):
    from accounts.roles import sync_app_permissions

    sync_app_permissions("customers", SUPPORT_PERMISSIONS, using=using)


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customer service")

    def ready(self):
        from cases.references import ReferenceKind, register_reference_kind

        from .emails import register_customer_email_kinds
        from .references import PREFIX, describe_request_reference

        post_migrate.connect(sync_support_permissions_for_customers, sender=self)
        register_customer_email_kinds()
        # A case escalated from a request links back to it (cases never imports us).
        register_reference_kind(ReferenceKind(prefix=PREFIX, describe=describe_request_reference))
