from django.apps import AppConfig
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


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from accounts.roles import keep_support_permissions

        from . import checks  # noqa: F401  (registers the system checks)
        from .inbound.processing import register_inbound_email_kinds

        register_inbound_email_kinds()
        keep_support_permissions(self, SUPPORT_PERMISSIONS)
