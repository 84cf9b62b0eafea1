"""Reads: who wants which emails, and the emails sent about something."""

from collections.abc import Iterable
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser

from .models import NotificationPreference
from .registry import all_kinds, chosen_by_users, get_kind

UserT = TypeVar("UserT", bound=AbstractBaseUser)


def wanted_by(users: Iterable[UserT], kind: str) -> list[UserT]:
    """The users (once each, in order) who want emails of `kind`; at most one query.

    A user with no preference row gets the kind's default (`EmailKind.default_enabled`)."""
    unique = list({user.pk: user for user in users}.values())
    email_kind = get_kind(kind)
    if not unique or email_kind.mandatory:
        return unique
    chosen = dict(
        NotificationPreference.objects.filter(
            user_id__in=[user.pk for user in unique], kind=kind
        ).values_list("user_id", "enabled")
    )
    return [user for user in unique if chosen.get(user.pk, email_kind.default_enabled)]


def user_wants(user: AbstractBaseUser, kind: str) -> bool:
    return bool(wanted_by([user], kind))


def preferences_for(user: AbstractBaseUser) -> dict[str, bool]:
    """Every kind a user chooses, by key, and whether `user` gets it (one query)."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "enabled")
    )
    return {
        kind.key: kind.mandatory or chosen.get(kind.key, kind.default_enabled)
        for kind in chosen_by_users(all_kinds(), user)
    }
