"""Tu nivel de atención: on time and late per kind over 30 days, the median business time
to the first answer, and 8 weeks, as a chart with its table (agents see it in the admin)."""

import re
from datetime import datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from customers.service_level import service_level
from customers.services import request_answer

from .factories import make_integration, receive

pytestmark = pytest.mark.django_db
SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=SANTIAGO)  # Wednesday


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def history(seller, seller_user, other_seller):
    """Seller A, this week: a question answered after 1 h, one answered after 30 h (late),
    a post-sale message unanswered past its deadline (late), one within it (not judged).
    Two weeks ago: a claim answered on time. Seller B: one late request."""
    integration, _token = make_integration(seller, other_seller)
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=SANTIAGO)
    with at(monday):
        quick = receive(integration, seller, kind="question")
        slow = receive(integration, seller, kind="question")
        receive(integration, seller, kind="post_sale")
        receive(integration, other_seller, kind="post_sale")
    with at(monday + timedelta(hours=1)):
        request_answer(request=quick, author=seller_user, body="Sí")
    with at(monday + timedelta(days=2, hours=2)):
        request_answer(request=slow, author=seller_user, body="Perdón la demora")
    with at(NOW - timedelta(minutes=30)):
        receive(integration, seller, kind="post_sale")
    with at(monday - timedelta(weeks=2)):
        claim = receive(integration, seller, kind="claim", order_number="2000000001")
    with at(monday - timedelta(weeks=2) + timedelta(hours=5)):
        request_answer(request=claim, author=seller_user, body="Lo revisamos")


class TestServiceLevel:
    def test_counts_on_time_and_late_per_kind_with_the_median_time(self, seller, history):
        with at(NOW):
            level = service_level(seller=seller)

        question, post_sale, claim = level["kinds"]
        assert (question.received, question.on_time, question.late) == (2, 1, 1)
        assert question.share == 50
        # 1 h, and 30 h of wall clock = Mon 9-21 (12 h) + Tue 8-21 (13 h) + Wed 8-11 (3 h).
        assert question.median_seconds == (3600 + 28 * 3600) // 2
        assert (post_sale.received, post_sale.on_time, post_sale.late) == (2, 0, 1)
        assert (claim.on_time, claim.late, claim.median_seconds) == (1, 0, 5 * 3600)
        assert (level["total"].on_time, level["total"].late) == (2, 2)

    def test_has_8_weeks_ending_with_this_one(self, seller, history):
        with at(NOW):
            weeks = service_level(seller=seller)["weeks"]

        assert len(weeks) == 8
        assert weeks[-1].start.isoformat() == "2026-11-23"
        assert (weeks[-1].on_time, weeks[-1].late) == (1, 2)
        assert (weeks[-3].on_time, weeks[-3].share) == (1, 100)
        assert weeks[0].share is None

    def test_the_page_shows_the_chart_and_its_table(self, seller_client, history):
        with at(NOW):
            page = seller_client.get(reverse("customers:service_level")).content.decode()

        assert "Tu nivel de atención" in page
        chart = page.split('data-testid="level-chart"')[1].split("</svg>")[0]
        assert len(re.findall(r"<rect ", chart)) == 8
        # Every coordinate is a number SVG reads (never "48,5", the Chilean way).
        coordinates = re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', chart)
        assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates)
        assert re.search(r'viewBox="0 0 \d+ \d+"', page)
        assert "<title" in chart and 'role="img"' in page
        assert 'data-testid="level-by-week"' in page and "23-11-2026" in page
        assert re.search(r'data-testid="share-total">50 %<', page)

    def test_an_agent_sees_any_sellers_in_the_admin(self, agent_client, seller, history):
        url = reverse("admin:customers_customerrequest_service_level")

        with at(NOW):
            response = agent_client.get(f"{url}?seller={seller.code}")

        assert response.status_code == HTTPStatus.OK
        assert re.search(r'data-testid="share-total">50 %<', response.content.decode())
