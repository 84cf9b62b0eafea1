from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import roles

        # Permissions exist only after migrate, so the group is kept in sync then.
        post_migrate.connect(roles.sync_support_permissions_for_accounts, sender=self)
