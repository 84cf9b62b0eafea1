"""Files of customer requests: checked like the support cases' uploads (by content, with
the same size limit), stored privately, downloaded only through views that check access."""

from django.http import Http404, HttpResponse

from cases.files.uploads import ACCEPT_ATTRIBUTE, CheckedUpload, check_upload, check_uploads
from supportcenter.storage import download_response

from .models import RequestAttachment

__all__ = [
    "ACCEPT_ATTRIBUTE",
    "CheckedUpload",
    "attachment_response",
    "check_upload",
    "check_uploads",
]


def attachment_response(attachment: RequestAttachment) -> HttpResponse:
    """The file as a download under the name it came with, never rendered inline."""
    if not attachment.file:
        raise Http404
    return download_response(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
