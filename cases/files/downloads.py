from django.http import FileResponse, Http404

from ..models import Attachment


def attachment_response(attachment: Attachment) -> FileResponse:
    """The file as a download, under the name the uploader gave, never rendered inline."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
