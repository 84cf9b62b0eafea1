"""Files a seller uploads in the wizard before the case exists ("staged" files).

Each valid upload is stored as soon as it arrives, so a validation error elsewhere on the
form never makes the seller upload it again. They live under MEDIA_ROOT/wizard/ until the
case is created (they become attachments) or the wizard is abandoned (then the periodic
`cleanup_uploads` deletes them once the session that held the wizard has expired).
"""

import os
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

from .uploads import CheckedUpload

STAGING_DIR = "wizard"


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


def open_staged(entry: dict) -> File:
    """A staged file, ready to hand to a service (named as the seller named it)."""
    return File(default_storage.open(entry["path"], "rb"), name=entry["name"])


def discard(entries) -> None:
    for entry in entries:
        default_storage.delete(entry["path"])


def cleanup_abandoned(*, older_than: timedelta) -> int:
    """Delete staged files older than this (wizards nobody finished); returns how many."""
    root = Path(settings.MEDIA_ROOT) / STAGING_DIR
    if not root.exists():
        return 0
    limit = time.time() - older_than.total_seconds()
    removed = 0
    for path in root.rglob("*"):
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    for folder in sorted(root.rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            os.rmdir(folder)
    return removed
