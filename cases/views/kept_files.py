"""Files sent with a case-page form (a task's answer, a message), kept across its errors.

A browser never fills a file input again, so a form that comes back with an error would
lose the files the seller chose. Like the wizard (cases/files/staging.py), each valid upload is
stored ("staged") as soon as it arrives; the form comes back listing it as already
attached, and a signed list of the staged files rides along in a hidden field, so the
next send takes them with it. Files the seller ticks "Remove" on are discarded. They
become attachments when the service succeeds; abandoned ones are deleted by
`manage.py cleanup_uploads` with the wizard's.
"""

import contextlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from ..files import staging
from ..files.uploads import check_upload

SALT = "cases.kept-files"
# Shorter than cleanup_uploads' default age (24 hours), so a valid list names files that
# are still there; an older page asks for its files again.
MAX_AGE_SECONDS = 12 * 3600


def _prefixed(prefix: str | None, name: str) -> str:
    return f"{prefix}-{name}" if prefix else name


@dataclass
class KeptFiles:
    """The files staged for one form of one case, and what went wrong with the others."""

    salt: str
    prefix: str | None
    entries: list[dict] = field(default_factory=list)
    errors: list[ValidationError] = field(default_factory=list)

    @property
    def token_name(self) -> str:
        return _prefixed(self.prefix, "kept_files")

    @property
    def remove_name(self) -> str:
        return _prefixed(self.prefix, "remove_kept")

    @property
    def token(self) -> str:
        return signing.dumps(self.entries, salt=self.salt, compress=True) if self.entries else ""

    @contextlib.contextmanager
    def opened(self):
        """The kept files, open and named as the seller named them, for a service."""
        handles = [staging.open_staged(entry) for entry in self.entries]
        try:
            yield handles
        finally:
            for handle in handles:
                handle.close()

    def discard(self) -> None:
        staging.discard(self.entries)
        self.entries = []


def keep_uploads(request, *, case, prefix: str | None, field_name: str = "files") -> KeptFiles:
    """The files kept from earlier sends of this form, minus the removed ones, plus the
    valid files of this request (staged now)."""
    kept = KeptFiles(salt=f"{SALT}:{request.user.pk}:{case.pk}:{prefix or ''}", prefix=prefix)
    removed = set(request.POST.getlist(kept.remove_name))
    for entry in _unsigned(request.POST.get(kept.token_name, ""), kept):
        if entry["id"] in removed:
            staging.discard([entry])
        else:
            kept.entries.append(entry)
    limit = settings.CASE_ATTACHMENT_MAX_FILES
    for upload in request.FILES.getlist(_prefixed(prefix, field_name)):
        if len(kept.entries) >= limit:
            kept.errors.append(
                ValidationError(
                    _("You can attach up to %(limit)s files at a time."),
                    code="too_many_files",
                    params={"limit": limit},
                )
            )
            break
        try:
            checked = check_upload(upload)
        except ValidationError as exc:
            kept.errors.append(exc)
            continue
        kept.entries.append(staging.stage(checked, owner_id=request.user.pk))
    return kept


def _unsigned(token: str, kept: KeptFiles) -> list[dict]:
    if not token:
        return []
    try:
        entries = signing.loads(token, salt=kept.salt, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # expired, or not ours
        kept.errors.append(
            ValidationError(
                _("The files you had attached expired: choose them again."), code="kept_expired"
            )
        )
        return []
    present = []
    for entry in entries:
        if default_storage.exists(entry["path"]):
            present.append(entry)
        else:
            kept.errors.append(
                ValidationError(
                    _("“%(name)s” is no longer here: choose it again."),
                    code="kept_missing",
                    params={"name": entry["name"]},
                )
            )
    return present
