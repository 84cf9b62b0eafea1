"""What a failed send means: try again later, or stop because the mail server said no.

Each outbox row has one recipient, so a refusal concerns that recipient only: the other
recipients of the same change are their own rows and go on unaffected.
"""

import smtplib

from celery.exceptions import SoftTimeLimitExceeded

# Worth trying again later: the mail server or the network is having a bad time (4xx
# replies, dropped connections, timeouts, a send cut short by the task's time limit).
TEMPORARY_ERRORS = (smtplib.SMTPException, OSError, SoftTimeLimitExceeded)


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def _is_permanent(code: int) -> bool:
    return 500 <= code < 600


def server_replies(exc: BaseException) -> list[tuple[int, str]]:
    """The mail server's replies (code, text) carried by `exc`, if it carries any."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return [
            (code, f"{_text(text)} ({address})") for address, (code, text) in exc.recipients.items()
        ]
    if isinstance(exc, smtplib.SMTPResponseException):
        return [(exc.smtp_code, _text(exc.smtp_error))]
    return []


def refused_for_good(exc: BaseException) -> bool:
    """The server refused this recipient or this message with a 5xx reply (RFC 5321
    4.2.1: "permanent negative completion"): sending it again would get the same answer.

    Only replies about the recipient (RCPT) or the message (DATA) count: a 5xx to our
    login or our sender address is about the configuration, which someone can fix, so
    those are retried like any other error until the attempts run out.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError):
        replies = server_replies(exc)
        return bool(replies) and all(_is_permanent(code) for code, _text in replies)
    return False


def describe(exc: BaseException) -> str:
    """One line for the admin: the error and, when there is one, the server's answer."""
    replies = server_replies(exc)
    if replies:
        answer = "; ".join(f"{code} {text}" for code, text in replies)
        return f"{type(exc).__name__}: {answer}"
    return f"{type(exc).__name__}: {exc}"
