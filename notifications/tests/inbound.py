"""The raw replies of notifications/tests/inbound_emails/: real clients' formats, with
REPLY_ADDRESS (and REPLY_DOMAIN) standing for the signed reply address of a test."""

from pathlib import Path

from django.conf import settings

EMAILS_DIR = Path(__file__).parent / "inbound_emails"


def load_eml(name: str, reply_address: str = "soporte@example.com") -> bytes:
    raw = (EMAILS_DIR / name).read_bytes()
    raw = raw.replace(b"REPLY_ADDRESS", reply_address.encode())
    return raw.replace(b"REPLY_DOMAIN", settings.INBOUND_EMAIL_DOMAIN.encode())


def with_message_id(raw: bytes, message_id: str) -> bytes:
    """The same email under another Message-ID (another delivery of a new message)."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"message-id:")]
    lines.append(b"Message-ID: " + message_id.encode())
    return b"\r\n".join(lines) + sep + body
