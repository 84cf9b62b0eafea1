"""The kinds of email the portal sends, registered by the apps that send them.

An app registers its kinds in its `AppConfig.ready()`; the preferences page lists every
registered kind, and `email_enqueue` refuses a kind nobody registered (a typo would
otherwise create emails no one can switch off).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import OutboundEmail


# Shown next to a mandatory kind, and the error when someone tries to switch one off.
MANDATORY_NOTE = _(
    "This email cannot be switched off: without your answer the case cannot move on."
)


class UnknownEmailKind(LookupError):
    pass


@dataclass(frozen=True)
class EmailKind:
    key: str
    label: str | Promise
    description: str | Promise = ""
    # Mandatory kinds ignore the user's preferences (a seller must answer a task).
    mandatory: bool = False
    # Sent unless the user switches it off (True), or only once they switch it on (False).
    default_enabled: bool = True
    # Offered on the preferences page. False for emails to people who are not users (a
    # buyer's relay address): no user chooses them, and preferences never stop them.
    user_choice: bool = True
    # Sent to staff (support agents), not to sellers' users: each sees only their own
    # kinds on the preferences page.
    for_staff: bool = False
    # Called in the transaction that marks an email of this kind sent (e.g. to write
    # "Notificación enviada" in a case's history).
    on_sent: Callable[[OutboundEmail], None] | None = None


_kinds: dict[str, EmailKind] = {}


def register_kind(kind: EmailKind) -> EmailKind:
    """Register `kind`; registering a key again replaces it (reloads, tests)."""
    _kinds[kind.key] = kind
    return kind


def unregister_kind(key: str) -> None:
    _kinds.pop(key, None)


def get_kind(key: str) -> EmailKind:
    try:
        return _kinds[key]
    except KeyError:
        raise UnknownEmailKind(f"No email kind {key!r} is registered.") from None


def all_kinds() -> list[EmailKind]:
    """Every registered kind, in the order they were first registered."""
    return list(_kinds.values())


def chosen_by_users(kinds: list[EmailKind], user=None) -> list[EmailKind]:
    """The kinds a user chooses on the preferences page (given the user: those sent to
    people like them, staff or not)."""
    return [
        kind
        for kind in kinds
        if kind.user_choice and (user is None or kind.for_staff == bool(user.is_staff))
    ]
