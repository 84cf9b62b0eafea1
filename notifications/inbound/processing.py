"""Process a stored message once, and retry or sweep what is left.

`inbound_process` takes the row under a lock and only while it is "received", so two
workers or a task run twice process it once; the handler's writes and the row's outcome
commit together. Nothing is lost: a message that could not be processed keeps its error,
and an agent processes it again in the admin.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import InboundEmail, OutboundEmail
from ..registry import EmailKind, register_kind
from ..services import email_enqueue
from .parsing import ParsedEmail, parse_message
from .registry import InboundReply, ReplyRefused, reply_handler
from .tokens import ExpiredToken, InvalidToken, read_token, token_in

logger = logging.getLogger(__name__)

Status = InboundEmail.Status
Reason = InboundEmail.Reason

REFUSAL_KIND = "inbound_refusal"
# At most one automatic answer per sender in this window: a loop with another robot, or
# a sender who insists, gets one answer.
REFUSAL_INTERVAL = timedelta(hours=1)


def register_inbound_email_kinds() -> None:
    register_kind(
        EmailKind(
            key=REFUSAL_KIND,
            label=_("We could not take your reply"),
            mandatory=True,
            user_choice=False,
        )
    )


# --- processing ------------------------------------------------------------------------


@dataclass
class Outcome:
    status: str
    reason: str = ""
    detail: str = ""
    result: str = ""
    reference: str = ""
    answer: str = ""  # the automatic answer's explanation, when one is due


def inbound_process(*, inbound_id: int) -> InboundEmail:
    """Process a received message once: a reply becomes what its handler makes of it,
    anything else is refused or ignored, with the reason on the row."""
    with transaction.atomic():
        inbound = InboundEmail.objects.select_for_update().get(pk=inbound_id)
        if inbound.status != Status.RECEIVED:
            return inbound
        inbound.attempts += 1
        parsed = None
        try:
            # A savepoint: a handler that fails leaves nothing half-written.
            with transaction.atomic():
                parsed = parse_message(bytes(inbound.raw))
                outcome = _outcome(inbound, parsed)
        except Exception as exc:
            logger.exception("Inbound email %s could not be processed.", inbound.pk)
            outcome = Outcome(Status.FAILED, Reason.ERROR, f"{type(exc).__name__}: {exc}"[:2000])
        inbound.status = outcome.status
        inbound.reason = outcome.reason
        inbound.detail = outcome.detail
        inbound.result = outcome.result
        inbound.reference = outcome.reference or inbound.reference
        inbound.processed_at = timezone.now()
        if outcome.answer and parsed is not None:
            inbound.refusal_email = _answer_refusal(inbound, parsed, outcome.answer)
        inbound.save()
    log = logger.info if inbound.status == Status.ACCEPTED else logger.warning
    log(
        "Inbound email %s from %s: %s %s %s",
        inbound.pk,
        inbound.from_address,
        inbound.status,
        inbound.reason,
        inbound.result,
    )
    return inbound


def _outcome(inbound: InboundEmail, parsed: ParsedEmail) -> Outcome:
    if parsed.automatic:
        return Outcome(Status.IGNORED, Reason.AUTOMATIC, parsed.automatic)
    tokens = [token for token in map(token_in, parsed.recipients) if token]
    if not tokens:
        # Mail to the support address that answers none of our emails: never answered
        # automatically (spam and forged senders would get our answers).
        return Outcome(Status.IGNORED, Reason.NO_TOKEN, gettext("No reply address in it."))
    try:
        token = read_token(tokens[0])
    except ExpiredToken as exc:
        return _refused(
            Reason.EXPIRED_TOKEN,
            gettext(
                "The email you answered is too old to be answered by email. Write from the "
                "support center: %(url)s"
            )
            % {"url": settings.SITE_URL},
            reference=exc.token.reference,
        )
    except InvalidToken:
        return _refused(Reason.INVALID_TOKEN, _invalid_address_message())
    handler = reply_handler(token.reference_prefix)
    if handler is None:
        return _refused(Reason.INVALID_TOKEN, _invalid_address_message())
    reply = InboundReply(
        inbound_id=inbound.pk,
        reference=token.reference,
        reference_id=token.reference_id,
        recipient_digest=token.recipient_digest,
        from_address=parsed.from_address,
        from_name=parsed.from_name,
        subject=parsed.subject,
        text=parsed.reply_text,
        attachments=parsed.attachments,
    )
    try:
        result = handler(reply)
    except ReplyRefused as refusal:
        return _refused(refusal.reason, refusal.message, reference=token.reference)
    return Outcome(Status.ACCEPTED, result=result, reference=token.reference)


def _invalid_address_message() -> str:
    return gettext(
        "The address you wrote to is not valid. Answer the email you received, or write "
        "from the support center: %(url)s"
    ) % {"url": settings.SITE_URL}


def _refused(reason: str, message: str, *, reference: str = "") -> Outcome:
    return Outcome(Status.REFUSED, reason, message, reference=reference, answer=message)


# --- the automatic answer --------------------------------------------------------------


def _answer_refusal(inbound: InboundEmail, parsed: ParsedEmail, explanation: str):
    """Queue the polite answer to a refused reply, when answering is safe: never to an
    automatic message (already ignored), to ourselves, or twice within the hour."""
    address = parsed.from_address
    if not _may_answer(address, inbound.processed_at):
        return None
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "explanation": explanation,
            "subject": parsed.subject,
            "reply_text": parsed.reply_text,
            "site_url": settings.SITE_URL,
        }
        subject = gettext("We could not take your reply: %(subject)s") % {
            "subject": parsed.subject or gettext("(no subject)")
        }
        key = f"inbound:refusal:{address}:{inbound.processed_at:%Y%m%d%H}"
        if OutboundEmail.objects.filter(key=key).exists():
            return None  # this hour's answer went to another of the sender's messages
        email = email_enqueue(
            key=key,
            kind=REFUSAL_KIND,
            to_email=address,
            subject=subject,
            body_text=render_to_string("notifications/emails/inbound_refusal.txt", context),
            reference=inbound.reference,
        )
    return email


def _may_answer(address: str, now: datetime) -> bool:
    if not address or "@" not in address:
        return False
    own = {
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(),
        parseaddr(settings.SERVER_EMAIL)[1].lower(),
    }
    domain = address.rpartition("@")[2]
    if address in own or domain == settings.INBOUND_EMAIL_DOMAIN.lower():
        return False
    recently_answered = InboundEmail.objects.filter(
        from_address=address,
        refusal_email__isnull=False,
        processed_at__gte=now - REFUSAL_INTERVAL,
    )
    return not recently_answered.exists()


# --- the inbox: retry and sweep --------------------------------------------------------


def inbound_retry(*, inbound_id: int) -> InboundEmail:
    """Process a message again, now (admin): one refused, ignored or failed, e.g. after
    the sender was added as a user of the seller. An accepted message is never redone."""
    with transaction.atomic():
        updated = InboundEmail.objects.filter(
            pk=inbound_id, status__in=[Status.REFUSED, Status.IGNORED, Status.FAILED]
        ).update(status=Status.RECEIVED)
        if not updated:
            return InboundEmail.objects.get(pk=inbound_id)
        return inbound_process(inbound_id=inbound_id)


def inbound_sweep(*, now: datetime | None = None, limit: int = 200) -> int:
    """Process what is still "received" a minute after it came (the broker was down);
    returns how many were processed."""
    now = now or timezone.now()
    waiting = InboundEmail.objects.filter(
        status=Status.RECEIVED, received_at__lte=now - timedelta(minutes=1)
    ).order_by("received_at")
    done = 0
    for inbound_id in waiting.values_list("pk", flat=True)[:limit]:
        inbound_process(inbound_id=inbound_id)
        done += 1
    return done
