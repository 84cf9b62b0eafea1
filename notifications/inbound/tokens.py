"""The signed reply address: `<local part>+<token>@<INBOUND_EMAIL_DOMAIN>`.

The token names what an email is about (its reference, e.g. "case:42"), a digest of the
recipient's address and the day it was issued, and is signed with SECRET_KEY (HMAC-SHA256,
120 bits kept): nobody can make one up or move one to another case. Lowercase letters and
digits only, because some mail servers lowercase the local part; 64 characters at most,
the limit of a local part.
"""

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "notifications.inbound.reply-address"
EPOCH = date(2020, 1, 1)
REFERENCE_RE = re.compile(r"^([a-z]{1,12}):([0-9]{1,12})$")
TOKEN_RE = re.compile(
    r"^([a-z]{1,12})([0-9]{1,12})\.([0-9a-z]{1,4})\.([0-9a-f]{8})\.([a-z2-7]{24})$"
)


class InvalidToken(ValueError):
    """Not a token the portal made: a typo, or a forgery."""


class ExpiredToken(ValueError):
    def __init__(self, token: "ReplyToken"):
        super().__init__(f"Reply address of {token.issued_on} expired.")
        self.token = token


@dataclass(frozen=True)
class ReplyToken:
    reference: str  # e.g. "case:42"
    recipient_digest: str
    issued_on: date

    @property
    def reference_prefix(self) -> str:
        return self.reference.partition(":")[0]

    @property
    def reference_id(self) -> int:
        return int(self.reference.partition(":")[2])


def recipient_digest(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()[:8]


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _mac(payload: str) -> str:
    digest = salted_hmac(SALT, payload, algorithm="sha256").digest()[:15]
    return base64.b32encode(digest).decode().lower()


def make_token(reference: str, recipient: str, *, today: date | None = None) -> str:
    match = REFERENCE_RE.match(reference)
    if not match:
        raise ValueError(f"A reply reference is '<word>:<number>', not {reference!r}.")
    day = ((today or timezone.localdate()) - EPOCH).days
    payload = f"{match[1]}{match[2]}.{_base36(day)}.{recipient_digest(recipient)}"
    return f"{payload}.{_mac(payload)}"


def reply_address(reference: str, recipient: str) -> str:
    """The Reply-To of an email about `reference` sent to `recipient`."""
    token = make_token(reference, recipient)
    return f"{settings.INBOUND_EMAIL_LOCAL_PART}+{token}@{settings.INBOUND_EMAIL_DOMAIN}"


def token_in(address: str) -> str | None:
    """The token of a reply address of ours, or None for any other address."""
    address = parseaddr(address)[1].strip().lower()
    local, _at, domain = address.rpartition("@")
    base, plus, token = local.partition("+")
    if (
        not plus
        or domain != settings.INBOUND_EMAIL_DOMAIN.lower()
        or base != settings.INBOUND_EMAIL_LOCAL_PART.lower()
    ):
        return None
    return token


def read_token(token: str, *, today: date | None = None) -> ReplyToken:
    """The verified token; raises InvalidToken, or ExpiredToken past its age."""
    match = TOKEN_RE.match(token.strip().lower())
    if not match:
        raise InvalidToken("Not a reply token.")
    prefix, number, day, digest, mac = match.groups()
    payload = f"{prefix}{number}.{day}.{digest}"
    if not constant_time_compare(_mac(payload), mac):
        raise InvalidToken("Bad signature.")
    parsed = ReplyToken(
        reference=f"{prefix}:{int(number)}",
        recipient_digest=digest,
        issued_on=EPOCH + timedelta(days=int(day, 36)),
    )
    max_age = timedelta(days=settings.INBOUND_REPLY_MAX_AGE_DAYS)
    if (today or timezone.localdate()) - parsed.issued_on > max_age:
        raise ExpiredToken(parsed)
    return parsed
