"""The "Soporte" group of support agents, and the permissions each app grants it.

Each app declares the permissions agents need on its own models and has them synced
after migrate (permissions only exist then): `keep_support_permissions(self, [...])` in
its `AppConfig.ready()`. Superusers need no group: they have them all.
"""

from django.apps import AppConfig
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate

SUPPORT_GROUP_NAME = "Soporte"

# Agents look sellers and their users up; they do not edit accounts.
ACCOUNTS_PERMISSIONS = ["view_seller", "view_user"]


def support_group() -> Group:
    group, _ = Group.objects.get_or_create(name=SUPPORT_GROUP_NAME)
    return group


def sync_app_permissions(app_label: str, codenames: list[str], *, using="default") -> None:
    """Give the group exactly these permissions of this app (adding and removing)."""
    group, _ = Group.objects.using(using).get_or_create(name=SUPPORT_GROUP_NAME)
    wanted = set(
        Permission.objects.using(using).filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    )
    current = set(group.permissions.filter(content_type__app_label=app_label))
    group.permissions.remove(*(current - wanted))
    group.permissions.add(*(wanted - current))


def keep_support_permissions(app_config: AppConfig, codenames: list[str]) -> None:
    """After each migrate, the group holds exactly these permissions of the app."""

    def sync(sender, using="default", **kwargs):
        sync_app_permissions(app_config.label, codenames, using=using)

    post_migrate.connect(
        sync, sender=app_config, weak=False, dispatch_uid=f"support-permissions:{app_config.label}"
    )
