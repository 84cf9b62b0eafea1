"""Files of customer requests: checked like the support cases' uploads (by content, with
the same size limit), stored privately, downloaded only through views that check access."""

from django.http import FileResponse, Http404

from cases.files.uploads import ACCEPT_ATTRIBUTE, CheckedUpload, check_upload, check_uploads

from .models import RequestAttachment

__all__ = [
    "ACCEPT_ATTRIBUTE",
    "CheckedUpload",
    "attachment_response",
    "check_upload",
    "check_uploads",
]


def attachment_response(attachment: RequestAttachment) -> FileResponse:
    """The file as a download under the name it came with, never rendered inline."""
    if not attachment.file:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
