"""Resolving a case with the message that tells the seller what was done."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from ..models import Case, Comment
from ..status import CaseStatus
from .cases import case_change_status
from .comments import comment_add


def case_resolve(
    *, case: Case, actor: User, message: str, attachments: list | None = None
) -> Comment:
    """Post the resolution to the seller and resolve the case, in one transaction: the
    seller gets one email, "resolved", that carries the message."""
    if not actor.is_agent:
        raise PermissionDenied("Only support agents resolve cases.")
    if not (message or "").strip():
        raise ValidationError(
            _("Write the resolution for the seller: the case is resolved with that message."),
            code="resolution_required",
        )
    with transaction.atomic():
        comment = comment_add(
            case=case, author=actor, body=message, attachments=attachments, email_seller=False
        )
        case_change_status(
            case=case, to_status=CaseStatus.RESOLVED, actor=actor, resolution=comment
        )
        return comment
