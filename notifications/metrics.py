"""Prometheus gauges of the outbox, computed when Prometheus scrapes (see
supportcenter/ops/metrics.py): how many emails are not sent yet, and how long the oldest
has waited. A growing backlog means the workers or the mail server are not keeping up."""

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from .models import OutboundEmail

Status = OutboundEmail.Status
# "failed" is counted, not aged: those wait for an agent's retry, not for a worker.
COUNTED = (Status.PENDING, Status.SENDING, Status.FAILED)
AGED = (Status.PENDING, Status.SENDING)


class OutboxCollector:
    def collect(self):
        now = timezone.now()
        # One query over the status index (sent emails, the bulk, are never read).
        rows = (
            OutboundEmail.objects.filter(status__in=COUNTED)
            .values("status")
            .annotate(emails=Count("pk"), oldest=Min("created_at"))
            .order_by()
        )
        by_status = {row["status"]: row for row in rows}
        emails = GaugeMetricFamily(
            "supportcenter_outbox_emails",
            "Emails in the outbox not sent (yet), by status.",
            labels=["status"],
        )
        age = GaugeMetricFamily(
            "supportcenter_outbox_oldest_email_age_seconds",
            "Seconds since the oldest email still pending (or sending) was queued; 0: none.",
            labels=["status"],
        )
        for status in COUNTED:
            emails.add_metric([status], by_status.get(status, {}).get("emails", 0))
        for status in AGED:
            oldest = by_status.get(status, {}).get("oldest")
            age.add_metric([status], (now - oldest).total_seconds() if oldest else 0)
        yield emails
        yield age
