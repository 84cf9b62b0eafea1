"""Files on a case: stored with their history event, and the files nobody needs any more
(abandoned wizards, attachments whose transaction rolled back) deleted."""

from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from supportcenter.storage import stored_files

from ..files import staging
from ..files.uploads import CheckedUpload
from ..history import event_record
from ..models import Attachment, Case, EventKind
from ..models.case import ATTACHMENTS_DIR


def attachments_add(
    *,
    case: Case,
    uploaded_by,
    uploads: list[CheckedUpload],
    comment=None,
    task=None,
    field_key: str = "",
    internal: bool = False,
) -> list[Attachment]:
    """Store checked uploads on a case (and its comment or task answer), with history.

    Runs inside the caller's transaction. A file stored by a transaction that then rolls
    back is left without a row; `attachments_delete_orphans` (run by `cleanup_uploads`)
    deletes such files.
    """
    attachments = []
    for upload in uploads:
        upload.file.seek(0)
        attachment = Attachment(
            case=case,
            comment=comment,
            task=task,
            field_key=field_key,
            original_name=upload.original_name,
            content_type=upload.content_type,
            extension=upload.extension,
            size=upload.size,
            uploaded_by=uploaded_by,
        )
        attachment.file.save(upload.original_name, upload.file, save=False)
        attachment.save()
        attachments.append(attachment)
        event_record(
            case=case,
            kind=EventKind.ATTACHMENT_ADDED,
            actor=uploaded_by,
            data={"attachment_id": str(attachment.pk), "name": attachment.original_name},
            internal=internal,
        )
    return attachments


def attachments_delete_orphans(*, older_than: timedelta, batch: int = 500) -> int:
    """Delete stored attachment files that no attachment row points to, older than this.

    They were stored by a transaction that then rolled back (a database error while
    creating a case, say). The age keeps a file whose row is about to commit. Returns how
    many files were deleted.
    """
    limit = timezone.now() - older_than
    old = (name for name, written in stored_files(ATTACHMENTS_DIR) if written < limit)
    removed = 0
    # In batches, as the listing goes: one query per batch, whatever the number of files.
    while names := list(islice(old, batch)):
        kept = set(Attachment.objects.filter(file__in=names).values_list("file", flat=True))
        for name in names:
            if name not in kept:
                default_storage.delete(name)
                removed += 1
    return removed


def uploads_cleanup(*, hours: float | None = None) -> int:
    """Delete the files of abandoned wizards, and files whose attachment was rolled back.

    A wizard's staged files go once no session can hold that wizard any more (older than
    SESSION_COOKIE_AGE); a file no attachment row points to, once no transaction that
    stored it can still commit (older than ORPHAN_FILE_MIN_AGE_MINUTES). `hours` sets
    both ages instead. Returns how many files were deleted.
    """
    if hours is not None:
        staged_age = orphan_age = timedelta(hours=hours)
    else:
        staged_age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
        orphan_age = timedelta(minutes=settings.ORPHAN_FILE_MIN_AGE_MINUTES)
    return staging.cleanup_abandoned(older_than=staged_age) + attachments_delete_orphans(
        older_than=orphan_age
    )
