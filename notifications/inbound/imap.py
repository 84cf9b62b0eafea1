"""IMAP polling (celery beat, every minute): each unread message of INBOUND_EMAIL_URL's
folder is stored (`inbound_receive`, one row per Message-ID), flagged as processed and
moved to INBOUND_EMAIL_PROCESSED_FOLDER, then processed in the same task. The mailbox
marks are a courtesy to people reading it: the Message-ID is what keeps a message from
being processed twice (a poll that died between storing and marking fetches it again,
and it is recognised)."""

import contextlib
import imaplib
import logging
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings

from ..models import InboundEmail
from .processing import inbound_process
from .receiving import inbound_receive

logger = logging.getLogger(__name__)

# Our own mark on what was stored (an IMAP keyword), and on what is too large to take.
PROCESSED_KEYWORD = "$SoporteProcesado"
TOO_LARGE_KEYWORD = "$SoporteMuyGrande"


class MailboxError(Exception):
    pass


@dataclass(frozen=True)
class MailboxConfig:
    secure: bool
    host: str
    port: int
    user: str
    password: str
    folder: str

    @classmethod
    def from_url(cls, url: str) -> "MailboxConfig":
        """imaps://user:password@host:993/INBOX (or imap:// without TLS, for tests and a
        server on the same host); user and password URL-encoded."""
        parts = urlsplit(url)
        if parts.scheme not in {"imap", "imaps"} or not parts.hostname:
            raise MailboxError("INBOUND_EMAIL_URL must look like imaps://user:password@host/INBOX")
        secure = parts.scheme == "imaps"
        return cls(
            secure=secure,
            host=parts.hostname,
            port=parts.port or (993 if secure else 143),
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            folder=unquote(parts.path.lstrip("/")) or "INBOX",
        )


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check(result, what: str):
    status, data = result
    if status != "OK":
        raise MailboxError(f"IMAP {what} failed: {data!r}")
    return data


def connect(config: MailboxConfig) -> imaplib.IMAP4:
    timeout = settings.INBOUND_EMAIL_IMAP_TIMEOUT
    if config.secure:
        context = ssl.create_default_context()
        client = imaplib.IMAP4_SSL(config.host, config.port, ssl_context=context, timeout=timeout)
    else:
        client = imaplib.IMAP4(config.host, config.port, timeout=timeout)
    client.login(config.user, config.password)
    return client


def mailbox_poll(*, url: str | None = None, limit: int = 200) -> int:
    """Store the folder's new messages; returns how many were new to the portal."""
    url = settings.INBOUND_EMAIL_URL if url is None else url
    if not url:
        return 0
    config = MailboxConfig.from_url(url)
    client = connect(config)
    try:
        _check(client.select(_quoted(config.folder)), "SELECT")
        data = _check(
            client.uid("SEARCH", None, "UNDELETED", "UNKEYWORD", PROCESSED_KEYWORD), "SEARCH"
        )
        uids = (data[0] or b"").split()[:limit]
        folder = settings.INBOUND_EMAIL_PROCESSED_FOLDER
        if uids and folder:
            client.create(_quoted(folder))  # "already exists" is fine
        new = 0
        for uid in uids:
            new += _take(client, uid, folder)
        if uids and folder:
            client.expunge()
        return new
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()


def _take(client: imaplib.IMAP4, uid: bytes, folder: str) -> int:
    size_data = _check(client.uid("FETCH", uid, "(RFC822.SIZE)"), "FETCH size")
    size = _size(size_data)
    if size is not None and size > settings.INBOUND_EMAIL_MAX_BYTES:
        logger.error(
            "Inbound message UID %s is %s bytes, over INBOUND_EMAIL_MAX_BYTES: left in the "
            "mailbox, flagged %s.",
            uid,
            size,
            TOO_LARGE_KEYWORD,
        )
        client.uid("STORE", uid, "+FLAGS", f"({PROCESSED_KEYWORD} {TOO_LARGE_KEYWORD})")
        return 0
    fetched = _check(client.uid("FETCH", uid, "(BODY.PEEK[])"), "FETCH")
    raw = next((part[1] for part in fetched if isinstance(part, tuple)), None)
    if raw is None:
        return 0
    inbound, created = inbound_receive(raw=raw, channel=InboundEmail.Channel.IMAP)
    # Stored (committed): now mark it, so the next poll skips it.
    _check(client.uid("STORE", uid, "+FLAGS", f"(\\Seen {PROCESSED_KEYWORD})"), "STORE")
    if folder:
        _move(client, uid, folder)
    if created:
        inbound_process(inbound_id=inbound.pk)
    return int(created)


def _size(data) -> int | None:
    for item in data:
        text = item.decode() if isinstance(item, bytes) else ""
        if "RFC822.SIZE" in text:
            try:
                return int(text.split("RFC822.SIZE")[1].strip(" ()").split()[0].rstrip(")"))
            except (IndexError, ValueError):
                return None
    return None


def _move(client: imaplib.IMAP4, uid: bytes, folder: str) -> None:
    """MOVE (RFC 6851) where the server has it, else COPY and delete (expunged later)."""
    try:
        status, _data = client.uid("MOVE", uid, _quoted(folder))
    except imaplib.IMAP4.error:
        status = "NO"
    if status == "OK":
        return
    status, _data = client.uid("COPY", uid, _quoted(folder))
    if status == "OK":
        client.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
