"""Upload validation: size limit, and the type checked by content, not by the name."""

import os
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

# extension → content type, for types recognised by their signature.
BINARY_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Text has no signature: accepted when it decodes as text and the name says so.
TEXT_TYPES = {"csv": "text/csv", "txt": "text/plain"}
EXTENSION_ALIASES = {"jpeg": "jpg"}
ALLOWED_EXTENSIONS = sorted({*BINARY_TYPES, *TEXT_TYPES, "jpeg"})
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)


def allowed_types_text() -> str:
    """The allowed types as people read them, in the active language: "PDF, PNG, …, DOCX
    or TXT". Every message that names them uses this (the list is the one above)."""
    names = [ext.upper() for ext in [*BINARY_TYPES, *TEXT_TYPES]]
    return _("%(types)s or %(last)s") % {"types": ", ".join(names[:-1]), "last": names[-1]}


HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    original_name: str
    extension: str
    content_type: str
    size: int


def clean_filename(name: str) -> str:
    """The bare file name a user gave, safe to show and to send back in a header."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    try:
        safe = get_valid_filename(base)
    except SuspiciousFileOperation:  # "", "." and ".."
        safe = "archivo"
    stem, ext = os.path.splitext(safe)
    return f"{stem[:150]}{ext[:10]}" or "archivo"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Refuse what is too big, or not really one of the allowed types."""
    name = clean_filename(upload.name)
    max_bytes = settings.CASE_ATTACHMENT_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is too big (%(size)s). The limit is %(limit)s per file."),
            code="file_too_big",
            params={
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            },
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="file_empty", params={"name": name})
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    extension = EXTENSION_ALIASES.get(extension, extension)
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    detected = filetype.guess(head)
    if extension in BINARY_TYPES:
        ok = detected is not None and detected.extension == extension
        content_type = BINARY_TYPES[extension]
    elif extension in TEXT_TYPES:
        ok = detected is None and _looks_like_text(head)
        content_type = TEXT_TYPES[extension]
    else:
        ok = False
        content_type = ""
    if not ok:
        raise ValidationError(
            _(
                "“%(name)s” is not an allowed file or its content does not match its "
                "type. Allowed: %(types)s."
            ),
            code="file_type",
            params={"name": name, "types": allowed_types_text()},
        )
    return CheckedUpload(
        file=upload,
        original_name=name,
        extension=f".{extension}",
        content_type=content_type,
        size=upload.size,
    )


def check_uploads(uploads) -> list[CheckedUpload]:
    uploads = list(uploads or [])
    limit = settings.CASE_ATTACHMENT_MAX_FILES
    if len(uploads) > limit:
        raise ValidationError(
            _("You can attach up to %(limit)s files at a time."),
            code="too_many_files",
            params={"limit": limit},
        )
    errors, checked = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        raise ValidationError(errors)
    return checked
