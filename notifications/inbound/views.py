"""The webhook of providers that push incoming mail (Mailgun, SendGrid, Postmark, SES via
a relay…): `POST /correo/entrante/` with the raw message as the body."""

import functools
import hmac
import logging

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from ..models import InboundEmail
from .receiving import inbound_receive
from .tasks import queue_processing

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Inbound-Secret"
RAW_CONTENT_TYPE = "message/rfc822"


def secret_matches(given: str) -> bool:
    """Constant time, whatever the given value; never true while no secret is set."""
    expected = settings.INBOUND_EMAIL_SECRET
    given_bytes, expected_bytes = (given or "").encode(), (expected or "").encode()
    matches = hmac.compare_digest(given_bytes, expected_bytes)
    return bool(expected) and matches


@method_decorator(csrf_exempt, name="dispatch")
class InboundEmailWebhookView(View):
    """202 when stored (processed in the background), 200 for a message already received;
    403 without detail for a missing or wrong secret, 415 and 413 for the wrong body."""

    http_method_names = ["post"]

    def post(self, request):
        if not secret_matches(request.headers.get(SECRET_HEADER, "")):
            return HttpResponse(status=403)
        content_type = request.content_type.lower()
        if content_type != RAW_CONTENT_TYPE:
            return HttpResponse(
                f"Send the raw message with Content-Type: {RAW_CONTENT_TYPE}.\n",
                status=415,
                content_type="text/plain",
            )
        limit = settings.INBOUND_EMAIL_MAX_BYTES
        # Read from the stream: request.body would stop at DATA_UPLOAD_MAX_MEMORY_SIZE.
        raw = request.read(limit + 1)
        if len(raw) > limit:
            return HttpResponse(
                f"The message is larger than {limit} bytes.\n",
                status=413,
                content_type="text/plain",
            )
        if not raw.strip():
            return HttpResponse("Empty message.\n", status=400, content_type="text/plain")
        inbound, created = inbound_receive(raw=raw, channel=InboundEmail.Channel.WEBHOOK)
        if created:
            transaction.on_commit(functools.partial(queue_processing, inbound.pk))
        return HttpResponse(
            f"{inbound.message_id}\n",
            status=202 if created else 200,
            content_type="text/plain",
        )
