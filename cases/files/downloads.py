from django.http import HttpResponse

from supportcenter.storage import download_response

from ..models import Attachment


def attachment_response(attachment: Attachment) -> HttpResponse:
    """The file as a download, under the name the uploader gave, never rendered inline
    (streamed from the local disk, or a redirect to a short-lived signed URL)."""
    return download_response(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
