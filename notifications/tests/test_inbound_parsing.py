"""Each raw email of inbound_emails/ (the common clients' real formats) and what the
portal reads in it: the new reply only, decoded, and the files."""

import pytest

from notifications.inbound.parsing import html_to_text, latest_reply, parse_message

from .inbound import load_eml

ADDRESS = "soporte+case7.abc.0a1b2c3d.abcdefghijklmnopqrstuvwx@example.com"

EXPECTED = {
    # file: (from name, subject, reply text, attachments)
    "gmail_es.eml": (
        "Ana Pérez",
        "Re: Necesitamos información para tu caso N° 1001",
        "Hola, el depósito no aparece en la cartola. Adjunto el detalle mañana.",
        [],
    ),
    "outlook_es.eml": (
        "Ana Pérez",
        "RE: Necesitamos información para tu caso N° 1001",
        # Outlook's signature has no marker: it stays, the quoted message does not.
        "Listo, el número de la liquidación es 4501.\nQuedo atenta.\n\n"
        "Ana Pérez | Tienda Uno SpA\n+56 9 1234 5678",
        [],  # the signature's inline logo is not an attachment
    ),
    "apple_mail_en.eml": (
        "Ana Perez",
        "Re: We need information for your case No. 1001",
        "Here is the tracking number: 99887766.",
        [],
    ),
    "thunderbird_es.eml": (
        "Ana Pérez",
        "Re: Necesitamos información para tu caso N° 1001",
        "Hola:\nadjunto va el certificado de la cuenta nueva.",
        [("certificado_cuenta_señora.pdf", "application/pdf")],
    ),
    "android_es.eml": (
        "",
        "RE: Necesitamos información para tu caso",
        "Ok, ya envié las fotos por la plataforma",
        [],
    ),
    "html_only_latin1.eml": (
        "Ana Pérez",
        "Re: confirmación",
        "Buenos días, confirmo que la orden 123456 fue entregada.",
        [],
    ),
    "files_only.eml": (
        "Ana Perez",
        "Re: Necesitamos informacion para tu caso",
        "",
        [("foto-producto.png", "image/png")],
    ),
}


class TestRepliesOfTheCommonClients:
    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_reads_the_new_reply_decoded_without_quotes_or_signature(self, name):
        from_name, subject, reply, attachments = EXPECTED[name]
        parsed = parse_message(load_eml(name, ADDRESS))
        assert parsed.from_address == "ana@tiendauno.cl"
        assert parsed.from_name == from_name
        assert parsed.subject == subject
        assert parsed.reply_text == reply
        assert [(a.name, a.content_type) for a in parsed.attachments] == attachments
        assert ADDRESS in parsed.recipients
        assert parsed.automatic == ""

    def test_attachments_are_decoded_to_their_bytes(self):
        [pdf] = parse_message(load_eml("thunderbird_es.eml", ADDRESS)).attachments
        assert pdf.content.startswith(b"%PDF-1.4")


class TestAutomaticMessages:
    @pytest.mark.parametrize(
        ("name", "why"),
        [
            ("auto_reply.eml", "Auto-Submitted: auto-replied"),
            ("bounce.eml", "Auto-Submitted: auto-replied"),
            ("mailing_list.eml", "Precedence: list"),
        ],
    )
    def test_are_recognised(self, name, why):
        assert parse_message(load_eml(name, ADDRESS)).automatic == why

    def test_a_delivery_report_without_headers_is_a_bounce(self):
        raw = load_eml("bounce.eml", ADDRESS).replace(b"Auto-Submitted: auto-replied\r\n", b"")
        assert parse_message(raw).automatic == "Delivery report (multipart/report)"

    def test_a_mailer_daemon_is_automatic(self):
        raw = b"From: MAILER-DAEMON@mx.example.com\r\nTo: x@example.com\r\nSubject: x\r\n\r\nhola"
        assert parse_message(raw).automatic.startswith("Automatic sender")


class TestHtml:
    def test_scripts_styles_and_quotes_never_reach_the_text(self):
        text = html_to_text(
            "<style>p{color:red}</style><script>alert('x')</script><p>Hola <b>equipo</b></p>"
            '<div class="gmail_quote"><blockquote>antiguo</blockquote></div>'
        )
        assert text.strip() == "Hola equipo"

    def test_broken_html_gives_what_can_be_read(self):
        assert "hola" in html_to_text("<p>hola<div><b>sin cerrar")


class TestMessageWithoutId:
    def test_gets_one_from_its_content(self):
        raw = b"From: ana@tiendauno.cl\r\nSubject: x\r\n\r\nhola"
        first, again = parse_message(raw), parse_message(raw)
        assert first.message_id.startswith("<sha256.")
        assert first.message_id == again.message_id


def test_a_plain_reply_without_quotes_is_kept_whole():
    assert latest_reply("Línea uno\nlínea dos: con dos puntos\n\ny tres") == (
        "Línea uno\nlínea dos: con dos puntos\n\ny tres"
    )


class TestPhoneAndWebmailFooters:
    @pytest.mark.parametrize(
        ("text", "reply"),
        [
            (
                "Listo\n\nObtener Outlook para iOS\n________________________________\n"
                "De: Centro de soporte <soporte@example.com>\nEnviado: lunes\nPara: Ana\n"
                "Asunto: Caso\n\nHola",
                "Listo",
            ),
            (
                "Gracias!\n\n---- El lun, 30 nov 2026 10:15:00 -0300 Centro de soporte "
                "<soporte@example.com> escribió ----\n\nHola",
                "Gracias!",
            ),
            (
                "ok\n\nEnviado con la aplicación de correo de Yahoo\n\nEl lunes, 30 de "
                "noviembre de 2026, 10:15:00 GMT-3, Centro de soporte escribió:\n\nHola",
                "ok",
            ),
            (
                "Aquí va\n\nSent from Mail for Windows\n\nFrom: Centro de soporte\n"
                "Sent: Monday\nTo: Ana\nSubject: Caso\n\nHi",
                "Aquí va",
            ),
        ],
    )
    def test_are_removed(self, text, reply):
        assert latest_reply(text) == reply

    def test_a_sentence_that_starts_like_one_is_kept(self):
        text = "Enviado con retraso, pero llegó.\nGracias"
        assert latest_reply(text) == text
