from datetime import date, timedelta

import pytest

from notifications.inbound.tokens import (
    ExpiredToken,
    InvalidToken,
    make_token,
    read_token,
    recipient_digest,
    reply_address,
    token_in,
)

TODAY = date(2026, 11, 26)


class TestReplyAddress:
    def test_is_the_support_box_with_a_token_and_fits_a_local_part(self, settings):
        settings.INBOUND_EMAIL_DOMAIN = "respuestas.example.com"
        address = reply_address("case:123456789", "Una.Direccion.Muy.Larga@tiendauno.cl")
        local, _at, domain = address.partition("@")
        assert domain == "respuestas.example.com"
        assert local.startswith("soporte+")
        assert len(local) <= 64
        assert local == local.lower()

    def test_reads_back_the_reference_and_the_recipient(self):
        token = read_token(token_in(reply_address("case:42", "Ana@TiendaUno.cl")))
        assert token.reference == "case:42"
        assert token.reference_id == 42
        assert token.recipient_digest == recipient_digest("ana@tiendauno.cl")

    def test_survives_a_mail_server_that_changes_the_case(self):
        token = token_in(reply_address("case:42", "ana@tiendauno.cl").upper())
        assert read_token(token).reference == "case:42"

    def test_another_domain_or_mailbox_is_not_ours(self, settings):
        address = reply_address("case:42", "ana@tiendauno.cl")
        assert token_in(address.replace("@", "@other.")) is None
        assert token_in(address.replace("soporte+", "ventas+")) is None
        assert token_in(f"Soporte <{address}>") is not None


class TestForgery:
    def test_another_case_number_with_the_same_signature_is_refused(self):
        token = make_token("case:42", "ana@tiendauno.cl")
        with pytest.raises(InvalidToken):
            read_token(token.replace("case42", "case43", 1))

    def test_another_recipient_digest_is_refused(self):
        token = make_token("case:42", "ana@tiendauno.cl")
        parts = token.split(".")
        parts[2] = recipient_digest("carla@tiendados.cl")
        with pytest.raises(InvalidToken):
            read_token(".".join(parts))

    def test_a_token_signed_with_another_secret_is_refused(self, settings):
        token = make_token("case:42", "ana@tiendauno.cl")
        settings.SECRET_KEY = "another-secret-key-" + "x" * 40
        with pytest.raises(InvalidToken):
            read_token(token)

    @pytest.mark.parametrize("garbage", ["", "hola", "case42", "case42.a.b.c", "../../etc"])
    def test_garbage_is_refused(self, garbage):
        with pytest.raises(InvalidToken):
            read_token(garbage)


class TestExpiry:
    def test_valid_until_its_age_then_expired(self, settings):
        settings.INBOUND_REPLY_MAX_AGE_DAYS = 90
        token = make_token("case:42", "ana@tiendauno.cl", today=TODAY)
        assert read_token(token, today=TODAY + timedelta(days=90)).issued_on == TODAY
        with pytest.raises(ExpiredToken) as expired:
            read_token(token, today=TODAY + timedelta(days=91))
        assert expired.value.token.reference == "case:42"
