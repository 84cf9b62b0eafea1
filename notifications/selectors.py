"""Reads: who wants which emails, and the emails sent about something."""

from collections.abc import Iterable
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from .models import NotificationPreference, OutboundEmail
from .registry import all_kinds, get_kind

UserT = TypeVar("UserT", bound=AbstractBaseUser)


def wanted_by(users: Iterable[UserT], kind: str) -> list[UserT]:
    """The users (once each, in order) who want emails of `kind`; at most one query."""
    unique = list({user.pk: user for user in users}.values())
    if not unique or get_kind(kind).mandatory:
        return unique
    opted_out = set(
        NotificationPreference.objects.filter(
            user_id__in=[user.pk for user in unique], kind=kind, enabled=False
        ).values_list("user_id", flat=True)
    )
    return [user for user in unique if user.pk not in opted_out]


def user_wants(user: AbstractBaseUser, kind: str) -> bool:
    return bool(wanted_by([user], kind))


def preferences_for(user: AbstractBaseUser) -> dict[str, bool]:
    """Every registered kind's key, and whether `user` gets it (one query)."""
    disabled = set(
        NotificationPreference.objects.filter(user_id=user.pk, enabled=False).values_list(
            "kind", flat=True
        )
    )
    return {kind.key: kind.mandatory or kind.key not in disabled for kind in all_kinds()}


def outbound_emails_for(*, reference: str) -> QuerySet[OutboundEmail]:
    """The emails about `reference` (e.g. "case:42"), newest first."""
    return OutboundEmail.objects.filter(reference=reference).select_related("user")
