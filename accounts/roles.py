"""The "Soporte" group of support agents, and the permissions each app grants it.

Each app declares the permissions agents need on its own models and syncs them after
migrate (permissions only exist then). Superusers need no group: they have them all.
"""

from django.contrib.auth.models import Group, Permission

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


def sync_support_permissions_for_accounts(sender, using="default", **kwargs):
    sync_app_permissions("accounts", ACCOUNTS_PERMISSIONS, using=using)
