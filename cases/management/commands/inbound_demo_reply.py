"""`manage.py inbound_demo_reply`: a seller's reply by email to a demo case's pending
request, as a raw .eml to post to the webhook (the `curl` it prints), or processed now."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts.models import User
from cases.demo import demo_reply_eml, demo_waiting_case
from notifications.inbound.processing import inbound_process
from notifications.inbound.receiving import inbound_receive
from notifications.inbound.tokens import reply_address
from notifications.models import InboundEmail


class Command(BaseCommand):
    help = (
        "Write a demo seller's reply by email (with a photo) to their newest case waiting "
        "on a request, and print the curl that posts it to the inbound email webhook "
        "(--process: take it now, without the webhook). Never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="sender", default="seller@demo.cl")
        parser.add_argument("--output", default="var/inbound-demo-reply.eml")
        parser.add_argument("--process", action="store_true")

    def handle(self, *args, sender, output, process, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is disabled in these settings (production).")
        user = User.objects.filter(email__iexact=sender, seller__isnull=False).first()
        found = demo_waiting_case(sender) if user else None
        if found is None:
            raise CommandError(f"No case of {sender}'s seller waits on a request.")
        case, task = found
        raw = demo_reply_eml(
            case=case, task=task, user=user, reply_to=reply_address(f"case:{case.pk}", sender)
        )
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        if process:
            inbound, _created = inbound_receive(raw=raw, channel=InboundEmail.Channel.COMMAND)
            # Processed here and now (a no-op if the queued task already did it).
            inbound = inbound_process(inbound_id=inbound.pk)
            self.stdout.write(
                f"Case No. {case.number}: the reply is {inbound.get_status_display()} "
                f"{inbound.result or inbound.detail}"
            )
            return
        url = f"{settings.SITE_URL}{reverse('inbound:webhook')}"
        self.stdout.write(
            f"A reply by email from {sender} to case No. {case.number} (waiting on a request) "
            f"is in {path}; post it as a mail provider would:\n"
            f"  curl -sS -X POST {url} -H 'Content-Type: message/rfc822' "
            f"-H 'X-Inbound-Secret: {settings.INBOUND_EMAIL_SECRET}' --data-binary @{path}"
        )
