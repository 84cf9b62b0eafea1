"""What an incoming email says: Python's `email` package reads the MIME structure, the
encoded headers (RFC 2047) and every part's character set; HTML-only mail becomes text
through lxml and inscriptis (no script runs, no address is fetched); mail-parser-reply
keeps only the new reply, without the quoted message, the "On … wrote:" block of the
common clients or the signature.
"""

import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

import lxml.html
from inscriptis import get_text
from lxml.etree import ParserError
from mailparser_reply.parser import EmailMessage as ParsedBody

# The headers where a reply address can be: the visible ones, and those where servers
# and providers write the envelope recipient (a Bcc, or a forward of the mailbox).
RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To")
# The replies' headings in the sellers' languages; English is always added.
REPLY_LANGUAGES = ["es"]
# The quoted message of the common clients' HTML: Gmail, Outlook (desktop, web, new),
# Apple Mail and Thunderbird (blockquote type=cite), Yahoo. Removed with what follows them.
HTML_QUOTE_XPATH = (
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]"
    " | //div[contains(concat(' ', normalize-space(@class), ' '), ' gmail_attr ')]"
    " | //blockquote[@type='cite']"
    " | //*[@id='appendonsend'] | //*[@id='divRplyFwdMsg']"
    " | //*[@id='mail-editor-reference-message-container']"
    " | //div[contains(concat(' ', normalize-space(@class), ' '), ' moz-cite-prefix ')]"
    " | //div[contains(concat(' ', normalize-space(@class), ' '), ' yahoo_quoted ')]"
)
# Headings and phone footers mail-parser-reply 1.36 misses: its Spanish heading needs two
# spaces before "escribió" (Gmail, Apple Mail and phones write one, on one or two lines;
# Zoho frames it in dashes), and its footers lack the Spanish Outlook and Yahoo apps and
# Windows Mail. Added to its own patterns, never replacing them.
EXTRA_PATTERNS = {
    ("es", "wrote_header"): (
        r"^((?:> ?)*(?:-+ ?)?El\s[^\n]+(?:\n[^\n]+)?\sescribi[óo]:?(?: ?-+)?)$"
    ),
    ("es", "sent_from"): r"Enviado desde mi|Obtener Outlook para|Enviado con la aplicación",
    ("en", "sent_from"): r"Sent from my|Sent from Mail for|Sent from Outlook|Get Outlook for",
}
QUOTED_LINE = re.compile(r"^\s*>")
# Outlook's line of underscores (or dashes) above its heading, left at the reply's end.
SEPARATOR_AT_END = re.compile(r"\n\s*[_-]{8,}\s*$")


@dataclass(frozen=True)
class InboundAttachment:
    name: str
    content_type: str
    content: bytes


@dataclass
class ParsedEmail:
    message_id: str
    from_name: str
    from_address: str
    subject: str
    recipients: list[str]
    text: str  # the whole text body (HTML converted)
    reply_text: str  # only the new reply
    attachments: list[InboundAttachment] = field(default_factory=list)
    automatic: str = ""  # why it is an automatic message, or ""
    headers: EmailMessage | None = None


def parse_message(raw: bytes) -> ParsedEmail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    from_name, from_address = parseaddr(_header(message, "From"))
    recipients = [
        address for _name, address in getaddresses(_all_headers(message, RECIPIENT_HEADERS))
    ]
    text = body_text(message)
    return ParsedEmail(
        message_id=message_id_of(_header(message, "Message-ID"), raw),
        from_name=from_name,
        from_address=from_address.strip().lower(),
        subject=" ".join(_header(message, "Subject").split())[:255],
        recipients=[address for address in recipients if address],
        text=text,
        reply_text=latest_reply(text),
        attachments=attachments_of(message),
        automatic=automatic_reason(message, from_address),
        headers=message,
    )


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "")
    except (ValueError, IndexError, TypeError):
        # A malformed header the policy cannot fold into a value: take it undecoded.
        return str(message.get_all(name, [""])[0]) if message.get_all(name) else ""


def _all_headers(message: EmailMessage, names) -> list[str]:
    values = []
    for name in names:
        for value in message.get_all(name, []) or []:
            values.append(str(value))
    return values


def message_id_of(header: str, raw: bytes) -> str:
    """The message's Message-ID; one made from its content when it has none."""
    value = " ".join((header or "").split())
    if value:
        return value[:255]
    return f"<sha256.{hashlib.sha256(raw).hexdigest()}@no-message-id>"


def _decoded(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError):
        # An unknown or lying charset: Latin-1 keeps every byte readable.
        payload = part.get_payload(decode=True) or b""
        return payload.decode("latin-1", errors="replace")


def body_text(message: EmailMessage) -> str:
    """The text of the message: its text/plain part, else its HTML converted."""
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None and _decoded(plain).strip():
        return _normalise(_decoded(plain))
    html = message.get_body(preferencelist=("html",))
    if html is not None:
        converted = html_to_text(_decoded(html))
        return _normalise("\n".join(line.strip() for line in converted.split("\n")))
    return ""


def html_to_text(html: str) -> str:
    """Text from HTML, without the quoted message the clients append below the reply."""
    if not html.strip():
        return ""
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return ""
    for node in tree.xpath(HTML_QUOTE_XPATH):
        parent = node.getparent()
        if parent is None:
            continue
        # Outlook's heading block is followed by the quoted message as siblings.
        if node.get("id") in {"appendonsend", "divRplyFwdMsg"}:
            for sibling in list(node.itersiblings()):
                parent.remove(sibling)
        parent.remove(node)
    return get_text(lxml.html.tostring(tree, encoding="unicode"))


def _normalise(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _ReplyBody(ParsedBody):
    def _get_language_regex(self, language: str, regex_key: str) -> str:
        pattern = super()._get_language_regex(language, regex_key)
        extra = EXTRA_PATTERNS.get((language, regex_key))
        if extra is None:
            return pattern
        return f"{extra}|{pattern}" if pattern else extra


def latest_reply(text: str) -> str:
    """The new text of a reply: what is above the quoted message, without the signature."""
    if not text.strip():
        return ""
    body = _ReplyBody(text=text, languages=list(REPLY_LANGUAGES)).read()
    reply = body.replies[0].body if body.replies else text
    return _normalise(SEPARATOR_AT_END.sub("", _without_trailing_quote(reply)))


def _without_trailing_quote(text: str) -> str:
    """Cut at the first block of ">"-quoted lines and the attribution line above it.

    Structural, whatever the language: a client whose heading the parser does not know
    still quotes with ">"."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if QUOTED_LINE.match(line):
            kept = lines[:index]
            while kept and not kept[-1].strip():
                kept.pop()
            if kept and kept[-1].rstrip().endswith(":"):
                kept.pop()
            return "\n".join(kept)
    return text


def attachments_of(message: EmailMessage) -> list[InboundAttachment]:
    """The files attached; inline images (signatures' logos) are not attachments."""
    found = []
    for part in message.iter_attachments():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        name = part.get_filename()
        if disposition != "attachment" and (part.get("Content-ID") or not name):
            continue
        if part.get_content_type() == "message/rfc822" and not name:
            continue
        content = part.get_payload(decode=True) or b""
        found.append(
            InboundAttachment(
                name=name or "adjunto",
                content_type=part.get_content_type(),
                content=content,
            )
        )
    return found


# --- automatic messages: never answered, never processed as a reply -------------------

AUTOMATIC_SENDERS = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|auto-?reply)([+@.-]|$)"
)


def automatic_reason(message: EmailMessage, from_address: str) -> str:
    """Why the message is an auto-reply, a bounce or a list message (RFC 3834, RFC 3464,
    RFC 2369 and the headers of the common auto-responders), or ""."""
    auto_submitted = _header(message, "Auto-Submitted").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    if message.get_content_type() == "multipart/report":
        return "Delivery report (multipart/report)"
    precedence = _header(message, "Precedence").strip().lower()
    if precedence in {"bulk", "junk", "list", "auto_reply"}:
        return f"Precedence: {precedence}"
    for name in ("List-Id", "List-Unsubscribe", "List-Post"):
        if message.get(name) is not None:
            return f"Mailing list ({name})"
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress", "X-Autogenerated"):
        if message.get(name) is not None:
            return f"Auto-responder ({name})"
    if _header(message, "Return-Path").strip() == "<>":
        return "Empty return path (a bounce)"
    local = from_address.strip().lower().partition("@")[0]
    if not from_address or AUTOMATIC_SENDERS.match(local):
        return f"Automatic sender ({from_address or 'none'})"
    return ""
