"""The seller rates the support of a closed case, once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from ..history import event_record
from ..models import Case, CaseRating, EventKind
from ..policies import raise_if, rating_error
from .locking import lock_case

SCORES = range(1, 6)


def case_rate(*, case: Case, rated_by: User, score: int, comment: str = "") -> CaseRating:
    """Record the seller's 1-to-5 rating of a closed case and its history event."""
    if rated_by.seller_id is None or rated_by.seller_id != case.seller_id:
        raise PermissionDenied("Only the seller's users rate its cases.")
    if score not in SCORES:
        raise ValidationError(_("Choose a score from 1 to 5."), code="invalid_score")
    comment = (comment or "").strip()
    try:
        with transaction.atomic():
            case = lock_case(case)
            raise_if(rating_error(case))
            now = timezone.now()
            rating = CaseRating.objects.create(
                case=case, score=score, comment=comment, created_by=rated_by, created_at=now
            )
            event_record(
                case=case, kind=EventKind.RATED, actor=rated_by, at=now, data={"score": score}
            )
            return rating
    except IntegrityError as exc:
        # The one-to-one already holds a rating: someone rated in the meantime.
        raise ValidationError(
            _("This case was already rated. Thank you!"), code="already_rated"
        ) from exc
