"""The portal's private files: on the local disk, or in any S3-compatible object storage.

`STORAGES["default"]` decides (settings/base.py: a bucket when AWS_STORAGE_BUCKET_NAME is
set; README "Files"). The apps store, open and delete files through Django's storage API
only; this module holds the two things that API lacks:
- a download that keeps the access check in the portal but leaves the transfer to the
  object storage: a redirect to a short-lived signed URL that makes it an attachment with
  the type the upload was checked as (on the local disk, the file is streamed);
- a listing of stored files with their age, for the clean-up of files nobody points to.
"""

import contextlib
import logging
import os
import posixpath
from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

logger = logging.getLogger(__name__)


class FileUnavailable(Http404):
    """A row points to a file the storage does not have: the 404 page says so plainly
    (supportcenter.views.page_not_found)."""


def signs_urls(storage: Storage) -> bool:
    return isinstance(storage, S3Storage) and bool(storage.querystring_auth)


def download_response(file: FieldFile, *, filename: str, content_type: str) -> HttpResponse:
    """The stored file as a download under `filename`, never rendered inline.

    Call it only after the access check: the signed URL it redirects to is the key to the
    file for FILES_SIGNED_URL_SECONDS, for whoever holds it.
    """
    storage = file.storage
    if signs_urls(storage):
        # One HEAD request, so a lost object is our clear page, not the storage's XML.
        if not storage.exists(file.name):
            raise unavailable(file.name)
        disposition = content_disposition_header(as_attachment=True, filename=filename)
        url = storage.url(
            file.name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
                "ResponseCacheControl": "private, no-store",
            },
            expire=settings.FILES_SIGNED_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
        # The signed URL expires: no browser or proxy may keep the redirect.
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise unavailable(file.name) from exc
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def unavailable(name: str) -> FileUnavailable:
    logger.warning("Stored file missing: %s", name)
    return FileUnavailable("file unavailable")


def stored_files(folder: str, storage: Storage = default_storage) -> Iterator[tuple[str, datetime]]:
    """Every file under `folder`, at any depth, with when it was written (aware)."""
    if isinstance(storage, S3Storage):
        # One listing request per 1000 objects, their ages included (no request per file).
        location = storage.location.strip("/")
        prefix = posixpath.join(location, folder.strip("/")) + "/"
        pages = storage.connection.meta.client.get_paginator("list_objects_v2").paginate(
            Bucket=storage.bucket_name, Prefix=prefix
        )
        for page in pages:
            for entry in page.get("Contents", ()):
                name = entry["Key"][len(location) :].lstrip("/") if location else entry["Key"]
                yield name, entry["LastModified"]
        return
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        path = posixpath.join(folder, name)
        yield path, storage.get_modified_time(path)
    for sub in folders:
        yield from stored_files(posixpath.join(folder, sub), storage)


def prune_empty_folders(folder: str, storage: Storage = default_storage) -> None:
    """On the local disk, remove the folders under `folder` left empty (object storage
    has no folders)."""
    if not isinstance(storage, FileSystemStorage) or not storage.exists(folder):
        return
    root = storage.path(folder)
    for current, _folders, files in os.walk(root, topdown=False):
        if current != root and not files:
            with contextlib.suppress(OSError):  # not empty after all: a file arrived
                os.rmdir(current)
