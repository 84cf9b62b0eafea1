from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Agents look at what was sent and retry what failed (the retry action needs "change").
SUPPORT_PERMISSIONS = [
    "view_outboundemail",
    "change_outboundemail",
    "view_notificationpreference",
    # Incoming replies: agents read them and process one again ("Retry").
    "view_inboundemail",
    "change_inboundemail",
]


def sync_support_permissions_for_notifications(sender, using="default", **kwargs):
    from accounts.roles import sync_app_permissions

    sync_app_permissions("notifications", SUPPORT_PERMISSIONS, using=using)


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .inbound.processing import register_inbound_email_kinds

        register_inbound_email_kinds()

        # Permissions exist only after migrate, so the group is kept in sync then.
        post_migrate.connect(sync_support_permissions_for_notifications, sender=self)
