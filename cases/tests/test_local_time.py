"""Every date and hour a seller sees, on every seller page and in every case email, is in
the seller's own time zone (accounts/time_zones.py), whatever the site's zone is.

Each test runs for a seller of each country at instants chosen where zones disagree: the
evening of the issue (17:00 in Mexico City is 20:00 in Santiago), after midnight in
Santiago (the day differs), the two daylight-saving changes of Chile, and the dates when
Mexico changed its clocks until 2022 (it no longer does).
"""

from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Country
from accounts.tests.factories import SellerFactory, UserFactory
from cases import emails
from cases.models import PendingTask
from cases.services.cases import case_change_status, cases_autoclose
from cases.services.comments import comment_add
from cases.services.pending_tasks import task_answer, task_open
from cases.services.reminders import task_reminders_send
from cases.status import CaseStatus
from cases.tests.factories import CauseFactory, create_case
from cases.trays import TRAYS
from notifications.models import OutboundEmail
from notifications.registry import all_kinds

pytestmark = pytest.mark.django_db
S = CaseStatus

# The instant (UTC) and how each country's seller must read it: "dd-mm-YYYY HH:MM".
INSTANTS = {
    "issue-evening": (
        datetime(2026, 11, 26, 23, 0, tzinfo=UTC),
        {
            "CL": "26-11-2026 20:00",
            "PE": "26-11-2026 18:00",
            "CO": "26-11-2026 18:00",
            "MX": "26-11-2026 17:00",
        },
    ),
    "after-midnight-in-santiago": (
        datetime(2026, 11, 27, 4, 30, tzinfo=UTC),
        {
            "CL": "27-11-2026 01:30",
            "PE": "26-11-2026 23:30",
            "CO": "26-11-2026 23:30",
            "MX": "26-11-2026 22:30",
        },
    ),
    # Chile: 00:00 of 2026-09-06 becomes 01:00 (-04 → -03).
    "chile-dst-starts": (
        datetime(2026, 9, 6, 4, 0, tzinfo=UTC),
        {
            "CL": "06-09-2026 01:00",
            "PE": "05-09-2026 23:00",
            "CO": "05-09-2026 23:00",
            "MX": "05-09-2026 22:00",
        },
    ),
    # Chile: 00:00 of 2026-04-05 goes back to 23:00 of the 4th (-03 → -04): the second 23:30.
    "chile-dst-ends": (
        datetime(2026, 4, 5, 3, 30, tzinfo=UTC),
        {
            "CL": "04-04-2026 23:30",
            "PE": "04-04-2026 22:30",
            "CO": "04-04-2026 22:30",
            "MX": "04-04-2026 21:30",
        },
    ),
    # Until 2022 Mexico City moved to -05 at 02:00 of the first Sunday of April (03:30 then).
    "mexico-former-dst-start": (
        datetime(2026, 4, 5, 8, 30, tzinfo=UTC),
        {
            "CL": "05-04-2026 04:30",
            "PE": "05-04-2026 03:30",
            "CO": "05-04-2026 03:30",
            "MX": "05-04-2026 02:30",
        },
    ),
    # ...and stayed there all summer (13:00 then).
    "mexico-former-summer-time": (
        datetime(2026, 7, 15, 18, 0, tzinfo=UTC),
        {
            "CL": "15-07-2026 14:00",
            "PE": "15-07-2026 13:00",
            "CO": "15-07-2026 13:00",
            "MX": "15-07-2026 12:00",
        },
    ),
}
ZONE_NAMES = {
    "CL": "hora de Santiago",
    "PE": "hora de Lima",
    "CO": "hora de Bogotá",
    "MX": "hora de Ciudad de México",
}
COUNTRIES = [country.value for country in Country]


def local_day(text: str) -> date:
    return datetime.strptime(text[:10], "%d-%m-%Y").date()  # noqa: DTZ007 (a date, no time)


def every_country_at_every_instant():
    return pytest.mark.parametrize(
        ("country", "instant_name"),
        [(country, name) for name in INSTANTS for country in COUNTRIES],
    )


@pytest.fixture
def scene(country, instant_name, agent, client, django_capture_on_commit_callbacks):
    """A seller of `country` whose case was filed, and asked about by support, at the
    instant (its estimate computed, its emails sent), with the clock stopped there and the
    seller's user logged in."""
    instant, local = INSTANTS[instant_name]
    with time_machine.travel(instant, tick=False):
        seller = SellerFactory(country=country)
        user = UserFactory(seller=seller, full_name="Ana Pérez")
        with django_capture_on_commit_callbacks(execute=True):
            case = create_case(user, cause=CauseFactory())
        with django_capture_on_commit_callbacks(execute=True):
            task = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        client.force_login(user)
        yield {
            "client": client,
            "seller": seller,
            "user": user,
            "case": case,
            "task": task,
            "instant": instant,
            "expected": local[country],
            "santiago": local["CL"],
            "zone_name": ZONE_NAMES[country],
        }


# Every page a seller's user sees, and whether it shows the case's time (created or last
# updated, which are the same instant here); all of them name the zone in the footer.
def seller_pages(case):
    pages = [
        ("inicio", reverse("home"), False),
        ("centro de soporte", reverse("cases:support_home"), True),
        *[
            (
                f"bandeja {tray.slug}",
                reverse("cases:tray", args=[tray.slug]),
                S.WAITING_ON_SELLER in tray.statuses,
            )
            for tray in TRAYS
        ],
        ("caso", case.get_absolute_url(), True),
        ("caso creado", reverse("cases:created", args=[case.number]), True),
        ("crear caso", reverse("cases:create"), False),
        ("mi cuenta", reverse("accounts:profile"), False),
        ("preferencias", reverse("notifications:preferences"), False),
    ]
    return pages


class TestSellerPages:
    @every_country_at_every_instant()
    def test_show_every_time_in_the_sellers_zone_and_name_it(self, scene):
        client, case = scene["client"], scene["case"]
        for name, url, shows_case_time in seller_pages(case):
            response = client.get(url, follow=True)
            assert response.status_code == HTTPStatus.OK, name
            page = response.content.decode()

            assert f"Fechas y horas en {scene['zone_name']}." in page, name
            if shows_case_time:
                assert scene["expected"] in page, name
            if scene["expected"] != scene["santiago"]:
                assert scene["santiago"] not in page, name

    @every_country_at_every_instant()
    def test_tray_dates_typed_by_the_seller_are_their_own_days(self, scene):
        client, case = scene["client"], scene["case"]
        day = local_day(scene["expected"])
        link = f'href="{case.get_absolute_url()}"'
        url = reverse("cases:tray", args=["todos"])

        def listed(**dates) -> bool:
            query = {key: value.isoformat() for key, value in dates.items()}
            response = client.get(url, query)
            assert response.status_code == HTTPStatus.OK
            return link in response.content.decode()

        assert listed(created_from=day, created_to=day)
        assert listed(created_from=day)
        assert listed(created_to=day)
        assert not listed(created_to=day - timedelta(days=1))
        assert not listed(created_from=day + timedelta(days=1))


class TestCaseEmails:
    @every_country_at_every_instant()
    def test_every_kind_shows_its_times_in_the_sellers_zone(
        self, scene, agent, django_capture_on_commit_callbacks
    ):
        """Each email is rendered where the seller is, whoever sets it off: the seller,
        an agent, or a periodic task (the site's zone is Santiago's)."""
        case, task, user, instant = scene["case"], scene["task"], scene["user"], scene["instant"]
        with time_machine.travel(instant, tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                task_reminders_send(now=instant + timedelta(days=30))
            with django_capture_on_commit_callbacks(execute=True):
                task_answer(
                    task=PendingTask.objects.get(pk=task.pk),
                    answered_by=user,
                    answer_text="Adjunto la boleta.",
                )
            with django_capture_on_commit_callbacks(execute=True):
                comment_add(case=case, author=agent, body="Ya la revisamos.")
            with django_capture_on_commit_callbacks(execute=True):
                case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
            with django_capture_on_commit_callbacks(execute=True):
                cases_autoclose(now=instant + timedelta(days=8))

        sent = {(message.to[0], message.subject): message for message in mail.outbox}
        queued = OutboundEmail.objects.filter(to_email=user.email).order_by("pk")
        kinds = {email.kind for email in queued}
        assert kinds == {
            kind.key
            for kind in all_kinds()
            if kind.on_sent is emails.record_sent and not kind.for_staff
        }

        day = local_day(scene["expected"])
        # What each kind says besides the case's creation, as the seller must read it.
        own_dates = {
            emails.TASK_REMINDER: f"Solicitada el {day:%d-%m-%Y}.",
            emails.CASE_RESOLVED: f"{day + timedelta(days=7):%d-%m-%Y}",
        }
        created = f"Creado el {scene['expected']} ({scene['zone_name']})"
        for email in queued:
            message = sent[(user.email, email.subject)]
            html = message.alternatives[0][0]
            for body in (message.body, html):
                assert created in body, email.kind
                if email.kind in own_dates:
                    assert own_dates[email.kind] in body, email.kind
                if scene["expected"] != scene["santiago"]:
                    assert scene["santiago"] not in body, email.kind


# Monday 2026-11-23, 09:00 where the seller is (opening time).
MONDAY_OPENING = {
    "CL": datetime(2026, 11, 23, 12, 0, tzinfo=UTC),
    "PE": datetime(2026, 11, 23, 14, 0, tzinfo=UTC),
    "CO": datetime(2026, 11, 23, 14, 0, tzinfo=UTC),
    "MX": datetime(2026, 11, 23, 15, 0, tzinfo=UTC),
}


class TestEstimatedResolutionDate:
    @pytest.mark.parametrize("country", COUNTRIES)
    def test_is_the_sellers_day_on_pages_and_in_the_email(
        self, country, settings, client, django_capture_on_commit_callbacks
    ):
        # Long opening hours, so a one-day estimate ends at 23:30 where the seller is: the
        # next day already in Santiago for every other country.
        settings.BUSINESS_HOURS = {**settings.BUSINESS_HOURS, "start": "09:00", "end": "23:30"}
        user = UserFactory(seller=SellerFactory(country=country))
        with time_machine.travel(MONDAY_OPENING[country], tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                case = create_case(user, cause=CauseFactory(target_value=1))
            client.force_login(user)
            pages = [
                case.get_absolute_url(),
                reverse("cases:created", args=[case.number]),
                reverse("cases:tray", args=["todos"]),
            ]
            for url in pages:
                page = client.get(url).content.decode()
                assert "23-11-2026" in page, url
                assert "24-11-2026" not in page, url

        message = next(m for m in mail.outbox if m.to == [user.email])
        assert "Resolución estimada: 23-11-2026" in message.body
        assert "24-11-2026" not in message.body


class TestTaskDueDate:
    @every_country_at_every_instant()
    def test_today_is_the_sellers_today(self, country, instant_name, agent):
        instant, local = INSTANTS[instant_name]
        today = local_day(local[country])
        user = UserFactory(seller=SellerFactory(country=country))
        with time_machine.travel(instant, tick=False):
            case = create_case(user)
            with pytest.raises(ValidationError) as refused:
                task_open(
                    case=case,
                    requested_by=agent,
                    request_text="x",
                    due_date=today - timedelta(days=1),
                )
            task = task_open(case=case, requested_by=agent, request_text="x", due_date=today)

        assert refused.value.code == "due_in_past"
        assert task.due_date == today
