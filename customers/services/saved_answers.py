from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from ..models import SavedAnswer


def saved_answer_save(
    *, user: User, title: str, body: str, answer: SavedAnswer | None = None
) -> SavedAnswer:
    """Create a saved answer for the user's seller, or change one of its own."""
    if not user.seller_id or (answer is not None and answer.seller_id != user.seller_id):
        raise PermissionDenied("Saved answers belong to the user's seller.")
    answer = answer or SavedAnswer(seller_id=user.seller_id, created_by=user)
    answer.title, answer.body = title.strip(), body.strip()
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        raise ValidationError(
            {"title": _("You already have a saved answer with this title.")}, code="duplicate"
        ) from None
    return answer


def saved_answer_delete(*, user: User, answer: SavedAnswer) -> None:
    if answer.seller_id != user.seller_id:
        raise PermissionDenied("Saved answers belong to the user's seller.")
    answer.delete()
