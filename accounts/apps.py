from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .roles import ACCOUNTS_PERMISSIONS, keep_support_permissions

        keep_support_permissions(self, ACCOUNTS_PERMISSIONS)
