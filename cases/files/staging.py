"""Files a seller uploads in the wizard before the case exists ("staged" files).

Each valid upload is stored as soon as it arrives, so a validation error elsewhere on the
form never makes the seller upload it again. They live in the file storage (local disk or
object storage) under wizard/ until the case is created (they become attachments) or the
wizard is abandoned (then the periodic `cleanup_uploads` deletes them once the session
that held the wizard has expired).

What a wizard may stage is bounded: only the file inputs of the chosen cause's form,
CASE_ATTACHMENT_MAX_FILES files each, CASE_WIZARD_MAX_TOTAL_BYTES in all. `StagingGuard`
refuses anything else while the request body is read, so a refused file is never kept.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supportcenter.storage import prune_empty_folders, stored_files

from .uploads import CheckedUpload, check_upload, clean_filename

STAGING_DIR = "wizard"


@dataclass(frozen=True)
class Room:
    """What a wizard may still stage: files per input name, and bytes in all."""

    files: dict[str, int]
    bytes: int

    @classmethod
    def left(cls, *, inputs: list[str], staged: dict[str, list[dict]]) -> "Room":
        """The room left in the given inputs, after what is already staged (any input)."""
        per_input = settings.CASE_ATTACHMENT_MAX_FILES
        used = sum(entry["size"] for entries in staged.values() for entry in entries)
        return cls(
            files={name: max(0, per_input - len(staged.get(name, []))) for name in inputs},
            bytes=max(0, settings.CASE_WIZARD_MAX_TOTAL_BYTES - used),
        )


def refusal(code: str, *, file_name: str) -> ValidationError:
    """Why a file was not staged, in the words the seller reads under the field."""
    name = clean_filename(file_name)
    if code == "too_many_files":
        message = _("“%(name)s” was not attached: you can attach up to %(limit)s files here.")
        limit = settings.CASE_ATTACHMENT_MAX_FILES
    elif code == "file_too_big":
        message = _("“%(name)s” is too big. The limit is %(limit)s per file.")
        limit = filesizeformat(settings.CASE_ATTACHMENT_MAX_BYTES)
    else:
        code = "over_total"
        message = _(
            "“%(name)s” was not attached: the files of one case can add up to %(limit)s. "
            "Remove some files first, or send it later in the case's conversation."
        )
        limit = filesizeformat(settings.CASE_WIZARD_MAX_TOTAL_BYTES)
    return ValidationError(message, code=code, params={"name": name, "limit": limit})


class StagingGuard(FileUploadHandler):
    """An upload handler, first in the request's chain: a file the wizard would not keep
    (an input the form does not have, one file too many, too big, over the total) is
    skipped as it arrives, before any of its bytes reach memory or a temporary file.

    `refused` lists them, as (input name without the form's prefix, error); the error is
    None for an input the form does not have. Files are skipped on their first chunk,
    not in `new_file`: Django closes every handler's current file on a skip, and in
    `new_file` that would still be the previous, accepted file.
    """

    def __init__(self, request, *, room: Room, prefix: str = ""):
        super().__init__(request)
        self.prefix = prefix
        self.files_left = dict(room.files)
        self.bytes_left = room.bytes
        self.refused: list[tuple[str, ValidationError | None]] = []
        self.refusing: str | None = None
        self.received = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0
        self.input_name = (
            field_name.removeprefix(self.prefix) if field_name.startswith(self.prefix) else None
        )
        if self.input_name not in self.files_left:
            self.refusing = "unknown_field"
        elif self.files_left[self.input_name] <= 0:
            self.refusing = "too_many_files"
        else:
            self.refusing = None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.refusing is None and self.received > settings.CASE_ATTACHMENT_MAX_BYTES:
            self.refusing = "file_too_big"
        elif self.refusing is None and self.received > self.bytes_left:
            self.refusing = "over_total"
        if self.refusing is not None:
            self.skip()
        return raw_data

    def file_complete(self, file_size):
        # An empty file brings no chunk to skip it on (and no bytes): the wizard's own
        # checks refuse it. The next handler (memory or temporary file) makes the file.
        if self.refusing is None:
            self.files_left[self.input_name] -= 1
            self.bytes_left -= file_size
        return None

    def skip(self):
        code, self.refusing = self.refusing, None
        error = None if code == "unknown_field" else refusal(code, file_name=self.file_name)
        self.refused.append((self.input_name, error))
        raise SkipFile


def stage(checked: CheckedUpload, *, owner_id: int) -> dict:
    """Store a checked upload; returns what the wizard keeps in its session storage."""
    checked.file.seek(0)
    name = default_storage.save(
        f"{STAGING_DIR}/u{owner_id}/{uuid.uuid4().hex}{checked.extension}", checked.file
    )
    return {
        "id": uuid.uuid4().hex,
        "path": name,
        "name": checked.original_name,
        "size": checked.size,
    }


def stage_posted(
    files, *, prefix: str, staged: dict, room: Room, refused: list, owner_id: int
) -> tuple[dict[str, list[ValidationError]], bool]:
    """Stage the posted files that fit in the room and pass `check_upload`, adding them
    to `staged`. Returns the errors by input (those of the guard's `refused` first) and
    whether any file came under an input the form does not have."""
    files_left, bytes_left = dict(room.files), room.bytes
    errors, unknown_input = {}, False
    for name, error in refused:
        if error is None:
            unknown_input = True
        else:
            errors.setdefault(name, []).append(error)
    for key in files:
        name = key.removeprefix(prefix)
        if name not in files_left or not key.startswith(prefix):
            unknown_input = True
            continue
        for upload in files.getlist(key):
            try:
                if files_left[name] <= 0:
                    raise refusal("too_many_files", file_name=upload.name)
                if upload.size > bytes_left:
                    raise refusal("over_total", file_name=upload.name)
                checked = check_upload(upload)
            except ValidationError as exc:
                errors.setdefault(name, []).append(exc)
                continue
            staged.setdefault(name, []).append(stage(checked, owner_id=owner_id))
            files_left[name] -= 1
            bytes_left -= checked.size
    return errors, unknown_input


def open_staged(entry: dict) -> File:
    """A staged file, ready to hand to a service (named as the seller named it)."""
    return File(default_storage.open(entry["path"], "rb"), name=entry["name"])


def discard(entries) -> None:
    for entry in entries:
        default_storage.delete(entry["path"])


def cleanup_abandoned(*, older_than: timedelta) -> int:
    """Delete staged files older than this (wizards nobody finished); returns how many."""
    limit = timezone.now() - older_than
    removed = 0
    for name, written in list(stored_files(STAGING_DIR)):
        if written < limit:
            default_storage.delete(name)
            removed += 1
    prune_empty_folders(STAGING_DIR)
    return removed
