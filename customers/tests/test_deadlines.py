"""Deadlines in business hours, per kind and per country: nights, weekends and national
holidays do not count (customers/deadlines.py over the ETA business calendar)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Country
from accounts.tests.factories import SellerFactory
from customers import deadlines

from .factories import make_integration, receive

SANTIAGO = ZoneInfo("America/Santiago")
LIMA = ZoneInfo("America/Lima")


def santiago(*args) -> datetime:
    return datetime(*args, tzinfo=SANTIAGO)


@pytest.fixture
def chilean():
    return SellerFactory.build(country=Country.CHILE)


class TestDeadline:
    @pytest.mark.parametrize(
        ("kind", "since", "due"),
        [
            # 8 business hours from Wednesday 10:00: 18:00 the same day.
            ("post_sale", santiago(2026, 11, 25, 10, 0), santiago(2026, 11, 25, 18, 0)),
            # At 19:00, two hours are left that day (to 21:00); six more from 08:00.
            ("post_sale", santiago(2026, 11, 25, 19, 0), santiago(2026, 11, 26, 14, 0)),
            # At 23:30 (night: 21:00-08:00 does not count) it starts at 08:00.
            ("post_sale", santiago(2026, 11, 25, 23, 30), santiago(2026, 11, 26, 16, 0)),
            # Saturday counts; Sunday does not: Saturday 17:00 + 8 h = Monday 12:00.
            ("post_sale", santiago(2026, 11, 28, 17, 0), santiago(2026, 11, 30, 12, 0)),
            # 24 h for a question: Wednesday 10:00 → 11 h that day, 13 h Thursday = 21:00.
            ("question", santiago(2026, 11, 25, 10, 0), santiago(2026, 11, 26, 21, 0)),
            # 48 h for a claim: Wednesday 08:00 → Wed 13, Thu 13, Fri 13, Sat 9 → Sat 17:00.
            ("claim", santiago(2026, 11, 25, 8, 0), santiago(2026, 11, 28, 17, 0)),
            # Fiestas Patrias (18 and 19 September 2026, Friday and Saturday) do not count.
            ("post_sale", santiago(2026, 9, 17, 17, 0), santiago(2026, 9, 21, 12, 0)),
        ],
    )
    def test_counts_only_business_hours(self, chilean, kind, since, due):
        assert deadlines.deadline(seller=chilean, kind=kind, since=since) == due

    def test_the_hours_and_days_can_differ_by_country(self, settings):
        settings.CUSTOMER_REQUEST_DEADLINE_HOURS = {
            "default": {"question": 24, "post_sale": 8, "claim": 48},
            "PE": {"question": 12, "post_sale": 4, "claim": 24},
        }
        settings.CUSTOMER_REQUEST_BUSINESS_HOURS = {
            "default": {"workdays": [0, 1, 2, 3, 4, 5], "start": "08:00", "end": "21:00"},
            "PE": {"workdays": [0, 1, 2, 3, 4], "start": "09:00", "end": "18:00"},
        }
        peruvian = SellerFactory.build(country=Country.PERU)
        friday = datetime(2026, 11, 27, 16, 0, tzinfo=LIMA)

        due = deadlines.deadline(seller=peruvian, kind="post_sale", since=friday)

        assert due == datetime(2026, 11, 30, 11, 0, tzinfo=LIMA)  # Monday, in Lima

    def test_business_time_between_skips_the_night(self, chilean):
        seconds = deadlines.business_seconds(
            seller=chilean, start=santiago(2026, 11, 25, 20, 0), end=santiago(2026, 11, 26, 9, 0)
        )

        assert seconds == 2 * 3600


@pytest.mark.django_db
class TestARequestsDeadline:
    def test_runs_from_the_buyers_message_and_counts_the_first_answer_in_business_time(
        self, seller, seller_user
    ):
        from customers.services import request_answer

        integration, _token = make_integration(seller)
        with time_machine.travel(santiago(2026, 11, 25, 20, 30), tick=False):
            request = receive(integration, seller, kind="post_sale")
        assert request.due_at == santiago(2026, 11, 26, 15, 30)

        with time_machine.travel(santiago(2026, 11, 26, 9, 0), tick=False):
            request_answer(request=request, author=seller_user, body="Hola")

        request.refresh_from_db()
        assert request.first_answer_business_seconds == 30 * 60 + 3600
        assert request.due_at is None and request.first_due_at == santiago(2026, 11, 26, 15, 30)

    def test_a_message_already_sent_some_time_ago_counts_from_when_it_was_sent(self, seller):
        integration, _token = make_integration(seller)
        with time_machine.travel(santiago(2026, 11, 25, 12, 0), tick=False):
            request = receive(
                integration, seller, kind="post_sale", sent_at=santiago(2026, 11, 25, 9, 0)
            )

        assert request.due_at == santiago(2026, 11, 25, 17, 0)
