"""What agents see of the estimate in the admin: per-cause resolution times, and the
estimate on the case page. Numbers and structure are asserted, not the translated prose."""

import re
from datetime import datetime
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, TargetUnit
from cases.services.eta import case_refresh_eta
from cases.tests.factories import CauseFactory, create_case
from cases.tests.test_selectors_eta import hand_made_history

# Estimates read the clock: run at each of the frozen instants (root conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock_sensitive]
SANTIAGO = ZoneInfo("America/Santiago")


def santiago(*args: int) -> datetime:
    return datetime(*args, tzinfo=SANTIAGO)


class TestCauseAdminResolutionTimes:
    def test_the_change_page_shows_the_statistics(self, client, superuser, seller_user):
        cause = CauseFactory(target_value=3)
        hand_made_history(seller_user, cause, timezone.now())
        client.force_login(superuser)
        response = client.get(reverse("admin:cases_cause_change", args=[cause.pk]))
        assert response.status_code == HTTPStatus.OK
        html = response.content.decode()
        table = html[html.index('<table class="resolution-times">') :]
        table = table[: table.index("</table>")]
        cells = [cell.split("</td>")[0] for cell in table.split("<td>")[1:]]
        assert len(cells) == 6
        assert cells[0].startswith("3 ")  # The target: 3 business days.
        assert cells[1] == "4"  # Sample size.
        assert cells[2] == "2 horas hábiles"  # Median: 2 business hours.
        assert cells[3] == "1,1 días hábiles (10 horas hábiles)"  # p90: 10 h, days of 9 h.
        assert cells[4].startswith("75%")
        assert "(3 " in cells[4] and " 4)" in cells[4]

    def test_the_add_page_has_no_statistics(self, client, superuser):
        client.force_login(superuser)
        response = client.get(reverse("admin:cases_cause_add"))
        assert response.status_code == HTTPStatus.OK
        assert "resolution-times" not in response.content.decode()


class TestCaseAdminEstimate:
    def test_the_case_page_shows_target_estimate_method_and_overdue(
        self, client, superuser, seller_user
    ):
        cause = CauseFactory(target_value=1, target_unit=TargetUnit.DAYS)
        case = create_case(seller_user, cause=cause)
        monday_10 = santiago(2026, 3, 9, 10)
        Case.objects.filter(pk=case.pk).update(created_at=monday_10)
        # 20 business hours by Wednesday 12:00 against a 9 h target: one more day.
        case_refresh_eta(case_id=case.pk, now=santiago(2026, 3, 11, 12))
        client.force_login(superuser)
        response = client.get(reverse("admin:cases_case_change", args=[case.pk]))
        assert response.status_code == HTTPStatus.OK
        html = response.content.decode()
        shown = re.search(r'field-eta_display.*?<div class="readonly">(.*?)</div>', html, re.S)
        parts = shown.group(1).split(" · ")
        assert len(parts) == 5
        assert parts[0] == "meta: 1 día hábil"  # The cause's target, in the singular.
        assert parts[1] == "12-03-2026 12:00"  # Seller's local time.
        assert parts[2].startswith("1 ")  # Business days left.
        assert parts[4].startswith("<strong>")  # Overdue.

    def test_before_the_first_estimate_it_says_so(self, client, superuser, seller_user):
        case = create_case(seller_user, cause=CauseFactory(target_value=3))
        client.force_login(superuser)
        response = client.get(reverse("admin:cases_case_change", args=[case.pk]))
        html = response.content.decode()
        shown = re.search(r'field-eta_display.*?<div class="readonly">(.*?)</div>', html, re.S)
        assert len(shown.group(1).split(" · ")) == 2
