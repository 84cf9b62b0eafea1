from http import HTTPStatus

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from notifications.models import OutboundEmail

from .factories import NotificationPreferenceFactory, OutboundEmailFactory

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status
EMAILS = reverse("admin:notifications_outboundemail_changelist")
PREFERENCES = reverse("admin:notifications_notificationpreference_changelist")


def change_url(email):
    return reverse("admin:notifications_outboundemail_change", args=[email.pk])


@pytest.fixture(params=["superuser", "agent"])
def staff_client(request, client):
    """Both who work in the admin: a superuser and an agent of the "Soporte" group."""
    client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.fixture
def failed_email(kinds):
    return OutboundEmailFactory(
        status=Status.FAILED,
        attempts=8,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        subject="Your case #77 was updated",
        reference="case:77",
    )


class TestOutboundEmailAdmin:
    def test_the_list_shows_the_emails_and_their_failures(self, staff_client, failed_email):
        response = staff_client.get(EMAILS)

        assert response.status_code == HTTPStatus.OK
        page = response.content.decode()
        assert failed_email.to_email in page
        assert "Case updates" in page  # the kind's label, not its key
        assert "SMTPServerDisconnected" in page

    @pytest.mark.parametrize("field", ["key", "to_email", "subject", "reference"])
    def test_search_finds_an_email_by(self, staff_client, failed_email, field):
        OutboundEmailFactory(to_email="otra@tienda.cl")

        response = staff_client.get(EMAILS, {"q": getattr(failed_email, field)})

        assert list(response.context["cl"].result_list) == [failed_email]

    def test_the_failed_filter_lists_only_failures(self, staff_client, failed_email):
        OutboundEmailFactory(status=Status.SENT, sent_at="2026-01-05T10:00:00Z")

        response = staff_client.get(EMAILS, {"status__exact": "failed"})

        assert list(response.context["cl"].result_list) == [failed_email]

    def test_the_kind_filter_lists_the_registered_kinds(self, staff_client, failed_email):
        OutboundEmailFactory(kind="test_hooked")

        response = staff_client.get(EMAILS, {"kind": "test_hooked"})

        assert response.context["cl"].result_list[0].kind == "test_hooked"
        assert response.context["cl"].result_count == 1

    def test_the_change_page_shows_everything_read_only(self, staff_client, failed_email):
        response = staff_client.get(change_url(failed_email))

        assert response.status_code == HTTPStatus.OK
        page = response.content.decode()
        assert failed_email.last_error in page
        assert failed_email.body_text.strip().splitlines()[0] in page
        assert 'name="subject"' not in page
        assert 'name="_save"' not in page

    def test_no_one_adds_an_email_by_hand(self, staff_client):
        response = staff_client.get(reverse("admin:notifications_outboundemail_add"))

        assert response.status_code == HTTPStatus.FORBIDDEN

    def test_retry_sending_sends_a_failed_email_once(
        self, staff_client, failed_email, django_capture_on_commit_callbacks
    ):
        sent = OutboundEmailFactory(status=Status.SENT, sent_at="2026-01-05T10:00:00Z")

        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                EMAILS,
                {"action": "retry_sending", "_selected_action": [failed_email.pk, sent.pk]},
                follow=True,
            )

        assert response.status_code == HTTPStatus.OK
        failed_email.refresh_from_db()
        assert failed_email.status == Status.SENT
        assert [m.to for m in mail.outbox] == [[failed_email.to_email]]
        levels = sorted(m.level_tag for m in response.context["messages"])
        assert levels == ["success", "warning"]

    def test_only_superusers_delete(self, client, agent, superuser, failed_email):
        delete_url = reverse("admin:notifications_outboundemail_delete", args=[failed_email.pk])

        client.force_login(agent)
        assert client.get(delete_url).status_code == HTTPStatus.FORBIDDEN
        client.force_login(superuser)
        assert client.get(delete_url).status_code == HTTPStatus.OK

    def test_the_list_takes_as_many_queries_for_50_rows_as_for_5(self, staff_client, kinds):
        def queries_for_the_list():
            with CaptureQueriesContext(connection) as queries:
                assert staff_client.get(EMAILS).status_code == HTTPStatus.OK
            return len(queries)

        def emails_to_different_users(how_many):
            for _ in range(how_many):
                OutboundEmailFactory(user=UserFactory())

        emails_to_different_users(5)
        with_5 = queries_for_the_list()
        emails_to_different_users(45)
        with_50 = queries_for_the_list()

        assert with_50 == with_5


class TestNotificationPreferenceAdmin:
    def test_the_list_and_search_work(self, staff_client, kinds, seller_user):
        NotificationPreferenceFactory(user=seller_user)
        NotificationPreferenceFactory(user=UserFactory(email="otro@tienda.cl"))

        assert staff_client.get(PREFERENCES).status_code == HTTPStatus.OK
        response = staff_client.get(PREFERENCES, {"q": seller_user.email})

        assert [p.user for p in response.context["cl"].result_list] == [seller_user]
        assert "Case updates" in response.content.decode()

    def test_preferences_are_only_changed_by_their_owner(self, staff_client, seller_user):
        preference = NotificationPreferenceFactory(user=seller_user)
        change = reverse("admin:notifications_notificationpreference_change", args=[preference.pk])

        response = staff_client.get(change)

        assert response.status_code == HTTPStatus.OK
        assert 'name="enabled"' not in response.content.decode()
        add = reverse("admin:notifications_notificationpreference_add")
        assert staff_client.get(add).status_code == HTTPStatus.FORBIDDEN


class TestTheSupportGroup:
    def test_agents_see_emails_retry_them_and_see_preferences(self, agent):
        assert agent.has_perm("notifications.view_outboundemail")
        assert agent.has_perm("notifications.change_outboundemail")
        assert agent.has_perm("notifications.view_notificationpreference")
        assert not agent.has_perm("notifications.delete_outboundemail")
        assert not agent.has_perm("notifications.change_notificationpreference")
