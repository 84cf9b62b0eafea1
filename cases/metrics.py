"""Prometheus gauge of the cases waiting on support, computed when Prometheus scrapes
(see supportcenter/ops/metrics.py): the cases open, in progress or reopened, by status
and by how long since they last changed. Cases waiting on the seller, resolved or
closed are not support's to move."""

from datetime import timedelta

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
)
from django.utils import timezone
from prometheus_client.core import GaugeHistogramMetricFamily

from .models import Case
from .status import CaseStatus

WAITING_ON_SUPPORT = (CaseStatus.OPEN, CaseStatus.IN_PROGRESS, CaseStatus.REOPENED)
# Upper bounds of the age buckets: an hour, four hours, a day, three days, a week.
AGE_BUCKETS = (
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(days=1),
    timedelta(days=3),
    timedelta(days=7),
)


class WaitingOnSupportCollector:
    def collect(self):
        now = timezone.now()
        age = ExpressionWrapper(
            Value(now, output_field=DateTimeField()) - F("updated_at"), output_field=DurationField()
        )
        # One grouped query over the status index: per status, how many changed within
        # each bound (cumulative, as Prometheus buckets are), all of them and their ages.
        buckets = {
            f"within_{i}": Count("pk", filter=Q(updated_at__gte=now - bound))
            for i, bound in enumerate(AGE_BUCKETS)
        }
        rows = (
            Case.objects.filter(status__in=WAITING_ON_SUPPORT)
            .values("status")
            .annotate(**buckets, cases=Count("pk"), total_age=Sum(age))
            .order_by()
        )
        by_status = {row["status"]: row for row in rows}
        family = GaugeHistogramMetricFamily(
            "supportcenter_cases_waiting_on_support",
            "Cases open, in progress or reopened, by seconds since their last change.",
            labels=["status"],
        )
        for status in WAITING_ON_SUPPORT:
            row = by_status.get(status, {})
            counts = [
                (str(int(bound.total_seconds())), row.get(f"within_{i}", 0))
                for i, bound in enumerate(AGE_BUCKETS)
            ]
            counts.append(("+Inf", row.get("cases", 0)))
            total_age = row.get("total_age") or timedelta(0)
            family.add_metric([status], counts, gsum_value=total_age.total_seconds())
        yield family
