"""A seller's reply by email, verified by notifications.inbound (its signed reply address
names the case), becomes what the case page's forms make: the answer to the open request
when the case waits on the seller (files alone answer it), else a message. Through the
same services, so the same rules, upload checks, history and emails apply.

Registered in CasesConfig.ready() for the references "case:<id>".
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.inbound.registry import InboundReply, ReplyRefused
from notifications.models import InboundEmail

from .emails import absolute
from .files.uploads import allowed_types_text
from .forms.case_page import TEXT_LIMIT
from .models import Case, PendingTask
from .services.seller_messages import seller_message_add

Reason = InboundEmail.Reason

REFERENCE_PREFIX = "case"
FILE_ERRORS = {"file_too_big", "file_empty", "file_type", "too_many_files"}


def handle_reply(reply: InboundReply) -> str:
    """What the reply became ("task:<id>" or "comment:<id>"), or ReplyRefused."""
    case = Case.objects.select_related("seller").filter(pk=reply.reference_id).first()
    if case is None:
        raise ReplyRefused(Reason.INVALID_TOKEN, _("This case does not exist."))
    author = sender_user(case, reply.from_address)
    if len(reply.text) > TEXT_LIMIT:
        # The case page's forms take this much; an email is not a way around it.
        raise ReplyRefused(
            Reason.TOO_LONG,
            _(
                "Your reply to case No. %(number)s has %(length)s characters; the limit is "
                "%(limit)s. Send it shorter, or attach the long text as a file."
            )
            % {"number": case.number, "length": len(reply.text), "limit": TEXT_LIMIT},
        )
    uploads = [
        SimpleUploadedFile(attachment.name, attachment.content, attachment.content_type)
        for attachment in reply.attachments
    ]
    try:
        written = seller_message_add(
            case=case, author=author, body=reply.text, attachments=uploads, by_email=True
        )
        if isinstance(written, PendingTask):
            return f"task:{written.pk}"
        return f"comment:{written.pk}"
    except ValidationError as exc:
        raise _refusal(case, exc, has_files=bool(uploads)) from exc


def sender_user(case: Case, address: str) -> User:
    """The seller's user who wrote: by their address, or the seller's first user when it
    comes from the seller's notification address (which is no user's)."""
    address = address.strip().lower()
    users = list(case.seller.users.filter(is_active=True).order_by("pk"))
    for user in users:
        if user.email.strip().lower() == address:
            return user
    notification_email = (case.seller.notification_email or "").strip().lower()
    if users and notification_email and notification_email == address:
        return users[0]
    raise ReplyRefused(
        Reason.UNKNOWN_SENDER,
        _(
            "Your address (%(address)s) is not one of the users of the seller this case "
            "belongs to. Answer from your user's address, or from the support center: "
            "%(url)s"
        )
        % {"address": address, "url": absolute(reverse("cases:support_home"))},
    )


def _refusal(case: Case, error: ValidationError, *, has_files: bool) -> ReplyRefused:
    codes = {e.code for e in error.error_list}
    messages = " ".join(str(message) for message in error.messages)
    case_url = absolute(case.get_absolute_url())
    if codes & FILE_ERRORS:
        return ReplyRefused(
            Reason.ATTACHMENT,
            _(
                "%(errors)s Nothing was added to case No. %(number)s. Send your reply again "
                "with files of up to %(size)s (%(types)s), "
                "or attach them on the case page: %(url)s"
            )
            % {
                "errors": messages,
                "number": case.number,
                "size": filesizeformat(settings.CASE_ATTACHMENT_MAX_BYTES),
                "types": allowed_types_text(),
                "url": case_url,
            },
        )
    if "case_not_open" in codes:
        return ReplyRefused(
            Reason.CLOSED,
            _(
                "Case No. %(number)s is no longer open, so your reply was not added to it. "
                "If you still need help, create a new case: %(new_case_url)s (or, while it "
                "can be reopened, reopen it on its page: %(url)s)"
            )
            % {
                "number": case.number,
                "new_case_url": absolute(reverse("cases:create")),
                "url": case_url,
            },
        )
    if "required" in codes:
        return ReplyRefused(
            Reason.EMPTY,
            _(
                "Your reply to case No. %(number)s had no text%(files)s. Write your message "
                "above the quoted email and send it again, or answer on the case page: %(url)s"
            )
            % {
                "number": case.number,
                "files": _(" (files alone only answer a pending request)") if has_files else "",
                "url": case_url,
            },
        )
    raise error
