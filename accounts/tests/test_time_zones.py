from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from accounts.middleware import SellerTimeZoneMiddleware
from accounts.models import COUNTRY_TIME_ZONES, Country
from accounts.tests.factories import SellerFactory, UserFactory
from accounts.time_zones import ZONE_LABELS, seller_local_time, seller_today, zone_label

pytestmark = pytest.mark.django_db

# 2026-11-27 04:30 UTC: still the 26th in Lima, Bogotá and Mexico City.
LATE = datetime(2026, 11, 27, 4, 30, tzinfo=UTC)


def zone_seen_by(user) -> str:
    """The zone a page is rendered in for `user`."""
    request = RequestFactory().get("/")
    request.user = user
    middleware = SellerTimeZoneMiddleware(
        lambda request: HttpResponse(timezone.get_current_timezone_name())
    )
    return middleware(request).content.decode()


class TestTheZoneOfAPage:
    @pytest.mark.parametrize("country", list(Country))
    def test_a_sellers_user_reads_the_sellers_zone(self, country):
        user = UserFactory(seller=SellerFactory(country=country))

        assert zone_seen_by(user) == COUNTRY_TIME_ZONES[country]

    def test_agents_and_visitors_keep_the_sites_zone(self, agent, settings):
        settings.TIME_ZONE = "America/Lima"

        assert zone_seen_by(agent) == "America/Lima"
        assert zone_seen_by(AnonymousUser()) == "America/Lima"

    def test_the_zone_ends_with_the_response(self, settings):
        user = UserFactory(seller=SellerFactory(country=Country.MEXICO))

        zone_seen_by(user)

        assert timezone.get_current_timezone_name() == settings.TIME_ZONE


class TestSellerLocalTime:
    @pytest.mark.parametrize("country", list(Country))
    def test_every_country_has_a_zone_name_people_read(self, country):
        seller = SellerFactory(country=country)

        with seller_local_time(seller):
            label = zone_label()

        assert label == str(ZONE_LABELS[seller.time_zone])
        assert label.startswith("hora de ")

    @pytest.mark.parametrize(
        ("country", "today"),
        [
            (Country.CHILE, date(2026, 11, 27)),
            (Country.PERU, date(2026, 11, 26)),
            (Country.COLOMBIA, date(2026, 11, 26)),
            (Country.MEXICO, date(2026, 11, 26)),
        ],
    )
    def test_today_is_the_date_where_the_seller_is(self, country, today):
        assert seller_today(SellerFactory(country=country), LATE) == today
