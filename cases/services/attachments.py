from ..models import Attachment, Case, EventKind
from ..uploads import CheckedUpload
from ._common import event_record


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
    back is left without a row; `cleanup_uploads` deletes such orphans.
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
