"""The default taxonomy's new data, for installs that loaded it before (issue 12).

`load_default_taxonomy` only creates what is missing, so on an existing install the
fields and causes it created long ago stay as they were. This migration brings them up
to date where agents have not edited them: a field or cause of a default cause (by name)
that is still exactly as the default taxonomy shipped it. Whatever an agent changed stays
theirs (they can make the same change in the admin: a field's page holds its countries).

- The field "Motivo" (key `reason`) is called "Justificación": the case's reason is
  already "Motivo" on the summary sheet. Filed cases keep "Motivo": answers store the
  label that was asked.
- "Courier" / "Transportadora" with the Chilean list as shipped, and no country settings:
  each country gets its couriers.
- The amount fields with no country settings: each country its currency, written out;
  the help "En pesos, mayor que cero." loses "pesos" (the form says the currency).
- The two date fields without a range: theirs.
- The default causes without a subject example: theirs.

The data is copied here, as it was when this migration was written (cases/taxonomy_data.py
may change later). Reversing leaves the data as it is.
"""

from django.db import migrations

SHIPPED_COURIERS = ["Chilexpress", "Starken", "Blue Express", "Correos de Chile", "99minutos", "Otro"]
COURIERS_BY_COUNTRY = {
    "CL": "Chilexpress\nStarken\nBlue Express\nCorreos de Chile\n99minutos\nOtro",
    "PE": "Olva Courier\nShalom\nSerpost\nChazki\nOtro",
    "CO": "Servientrega\nCoordinadora\nInterrapidísimo\nEnvía\nTCC\nDeprisa\nOtro",
    "MX": "Estafeta\nDHL\nFedEx\nPaquetexpress\n99minutos\nRedpack\nOtro",
}
CURRENCIES = {"CL": "CLP", "PE": "PEN", "CO": "COP", "MX": "MXN"}
DATE_RANGES = {"dispatch_deadline": (180, 60), "received_date": (365, 0)}
SUBJECT_EXAMPLES = {
    "Etiqueta o manifiesto no se genera": "La etiqueta de la orden 2026112701 sale en blanco",
    "Orden bloqueada en un estado": "La orden 2026112701 sigue en «Lista para despacho»",
    "Pago no recibido": "No recibí el pago de la liquidación de octubre",
    "Producto no visible en el sitio": "El SKU CAF-123 no aparece en el sitio",
    "Acceso o contraseña": "No puedo ingresar con mi usuario",
    "Error de API o integrador": "La API de stock responde error 500",
    "El courier no retiró": "El courier no retiró la orden 2026112701",
    "Factura o nota de crédito": "Necesito la factura de comisiones de octubre",
    "Crear marca o atributo": "Crear la marca Cafetera Andina",
    "Editar foto o descripción publicada": "Cambiar las fotos del SKU CAF-123",
    "Cambio de categoría": "Mover el SKU CAF-123 a Electro > Café",
    "Usuarios y roles": "Dar acceso a un nuevo usuario de bodega",
    "Cambio de datos bancarios o tributarios": "Actualizar la cuenta bancaria de depósito",
    "Certificación de producto": "Certificado de seguridad del SKU CAF-123",
    "Cobro por cancelación que no corresponde": "Me cobraron la cancelación de la orden 2026112701",
    "Devolución llegó en mal estado": "La devolución de la orden 2026112701 llegó rota",
    "Devolución no llegó": "No me llegó la devolución de la orden 2026112701",
    "Apelación de devolución rechazada": "Apelo el rechazo de la devolución de la orden 2026112701",
    "Extravío en transporte": "El courier perdió la orden 2026112701",
    "Diferencia en liquidación": "La liquidación de octubre no cuadra con mis ventas",
    "Comisión o categoría mal aplicada": "Me cobraron la comisión de otra categoría",
    "Penalidad a disputar": "Penalidad por atraso que no corresponde",
    "Producto rechazado": "Rechazaron el SKU CAF-123 por las fotos",
    "Apelar suspensión o penalidad": "Apelo la suspensión de mi cuenta",
    "Denuncia de propiedad intelectual": "Otro seller usa mi marca registrada",
    "Métricas de desempeño incorrectas": "Mi tasa de atraso de octubre está mal calculada",
}


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def update_default_taxonomy(apps, schema_editor):
    Cause = apps.get_model("cases", "Cause")
    CaseField = apps.get_model("cases", "CaseField")
    CaseFieldCountry = apps.get_model("cases", "CaseFieldCountry")
    default_causes = Cause.objects.filter(name__in=SUBJECT_EXAMPLES)

    for cause in default_causes.filter(subject_example=""):
        cause.subject_example = SUBJECT_EXAMPLES[cause.name]
        cause.save(update_fields=["subject_example"])

    fields = CaseField.objects.filter(cause__in=default_causes)
    fields.filter(key="reason", label="Motivo", field_type="long_text").update(
        label="Justificación"
    )
    fields.filter(key="amount", field_type="amount", help_text="En pesos, mayor que cero.").update(
        help_text="Mayor que cero."
    )
    for key, (past, ahead) in DATE_RANGES.items():
        fields.filter(
            key=key, field_type="date", date_days_past=None, date_days_ahead=None
        ).update(date_days_past=past, date_days_ahead=ahead)

    rows = []
    for field in fields.filter(per_country__isnull=True):
        if field.key in ("courier", "carrier") and field.field_type == "choice":
            if lines(field.options) == SHIPPED_COURIERS:
                rows += [
                    CaseFieldCountry(field=field, country=country, options=options)
                    for country, options in COURIERS_BY_COUNTRY.items()
                ]
        elif field.key == "amount" and field.field_type == "amount":
            rows += [
                CaseFieldCountry(field=field, country=country, currency=currency)
                for country, currency in CURRENCIES.items()
            ]
    CaseFieldCountry.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_cause_subject_example")]

    operations = [migrations.RunPython(update_default_taxonomy, migrations.RunPython.noop)]
