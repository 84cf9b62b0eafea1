"""The agents' view of incoming replies: "Emails entrantes" (list, search, the message as
read and raw, "Procesar de nuevo"), read-only."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from notifications.inbound.processing import inbound_process
from notifications.inbound.receiving import inbound_receive
from notifications.models import InboundEmail

from .inbound import load_eml

pytestmark = pytest.mark.django_db
LIST = reverse("admin:notifications_inboundemail_changelist")


@pytest.fixture(params=["superuser", "agent"])
def staff_client(request, client):
    client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.fixture
def refused(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inbound, _created = inbound_receive(
            raw=load_eml(
                "thunderbird_es.eml",
                "soporte+case1.1a2.0a1b2c3d.abcdefghijklmnopqrstuvwx@example.com",
            ),
            channel=InboundEmail.Channel.WEBHOOK,
        )
    inbound = inbound_process(inbound_id=inbound.pk)
    assert inbound.status == InboundEmail.Status.REFUSED
    return inbound


class TestInboundEmailAdmin:
    def test_the_list_shows_who_wrote_and_what_became_of_it(self, staff_client, refused):
        page = staff_client.get(LIST).content.decode()
        assert "ana@tiendauno.cl" in page
        assert "Dirección de respuesta no válida" in page
        assert "Rechazado" in page

    @pytest.mark.parametrize("field", ["from_address", "subject", "message_id"])
    def test_search_finds_a_message_by(self, staff_client, refused, field):
        response = staff_client.get(LIST, {"q": getattr(refused, field)})
        assert list(response.context["cl"].result_list) == [refused]

    def test_the_page_shows_the_reply_as_read_its_files_and_the_raw_message(
        self, staff_client, refused
    ):
        url = reverse("admin:notifications_inboundemail_change", args=[refused.pk])
        page = staff_client.get(url).content.decode()
        assert "adjunto va el certificado de la cuenta nueva." in page
        assert "certificado_cuenta_señora.pdf" in page
        assert "Message-ID: &lt;8f3c2a1b" in page  # the raw message, escaped
        assert 'name="_save"' not in page  # read-only

    def test_nothing_is_added_by_hand(self, staff_client):
        assert staff_client.get(LIST + "add/").status_code == HTTPStatus.FORBIDDEN

    def test_an_accepted_message_is_never_processed_again(self, staff_client, refused):
        InboundEmail.objects.filter(pk=refused.pk).update(status=InboundEmail.Status.ACCEPTED)
        response = staff_client.post(
            LIST, {"action": "process_again", "_selected_action": [refused.pk]}, follow=True
        )
        assert "Emails sin cambios (aceptados o todavía en espera): 1." in response.content.decode()
        refused.refresh_from_db()
        assert (refused.status, refused.attempts) == (InboundEmail.Status.ACCEPTED, 1)
