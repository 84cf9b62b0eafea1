"""The default taxonomy that ships with the product (see ../shared/TAXONOMY.md).

Loaded by `manage.py load_default_taxonomy` (and by `seed_demo`). Loading only creates
what is missing, so agents' later edits in the admin are never overwritten.
"""

from django.db import transaction

from accounts.models import Country

from ..models import Area, CaseField, CaseFieldCountry, Cause, FieldType, RecordType
from ..money import COUNTRY_CURRENCY
from ..triage.defaults import add_default_phrases

# Each country's couriers (the field's own options are Chile's, for any other country).
COURIERS_BY_COUNTRY = {
    Country.CHILE: "Chilexpress\nStarken\nBlue Express\nCorreos de Chile\n99minutos\nOtro",
    Country.PERU: "Olva Courier\nShalom\nSerpost\nChazki\nOtro",
    Country.COLOMBIA: "Servientrega\nCoordinadora\nInterrapidísimo\nEnvía\nTCC\nDeprisa\nOtro",
    Country.MEXICO: "Estafeta\nDHL\nFedEx\nPaquetexpress\n99minutos\nRedpack\nOtro",
}
COURIERS = COURIERS_BY_COUNTRY[Country.CHILE]

ORDER_LIST = r"^\d{6,20}(\s*,\s*\d{6,20})*$"

# Field definitions reused by several causes: key → attributes.
FIELDS = {
    "order_number": {"label": "Número de orden", "field_type": FieldType.ORDER_NUMBER},
    "sku": {"label": "SKU", "field_type": FieldType.SKU},
    "seller_sku": {"label": "SKU del seller", "field_type": FieldType.SKU},
    "courier": {"label": "Courier", "field_type": FieldType.CHOICE, "options": COURIERS},
    "carrier": {"label": "Transportadora", "field_type": FieldType.CHOICE, "options": COURIERS},
    "tracking_number": {
        "label": "Número de guía",
        "field_type": FieldType.SHORT_TEXT,
        "max_length": 40,
    },
    # An order's dispatch deadline: this half year's orders, or one still ahead.
    "dispatch_deadline": {
        "label": "Fecha límite de despacho",
        "field_type": FieldType.DATE,
        "date_days_past": 180,
        "date_days_ahead": 60,
    },
    # A return the seller already received, in the last year.
    "received_date": {
        "label": "Fecha de recepción",
        "field_type": FieldType.DATE,
        "date_days_past": 365,
        "date_days_ahead": 0,
    },
    "screenshot": {
        "label": "Captura de pantalla",
        "field_type": FieldType.FILE,
        "required": False,
        "help_text": "Opcional: una imagen del error.",
    },
    # Not "Motivo": the case's reason (record type / area / cause) is already called so.
    "reason": {"label": "Justificación", "field_type": FieldType.LONG_TEXT},
    "product_photos": {
        "label": "Fotos del producto",
        "field_type": FieldType.FILE,
        "help_text": "Sube al menos una foto; idealmente tres.",
    },
    "label_photo": {"label": "Foto de la guía", "field_type": FieldType.FILE},
    "settlement_number": {
        "label": "Número de liquidación",
        "field_type": FieldType.SHORT_TEXT,
        "max_length": 30,
    },
    "period": {"label": "Período", "field_type": FieldType.MONTH},
    "amount": {
        "label": "Monto en disputa",
        "field_type": FieldType.AMOUNT,
        "min_value": "0.01",
        "help_text": "Mayor que cero.",  # the form adds the seller's currency
    },
    "order_numbers": {
        "label": "Números de orden",
        "field_type": FieldType.SHORT_TEXT,
        "required": False,
        "max_length": 500,
        "pattern": ORDER_LIST,
        "pattern_message": "Números de orden separados por comas, solo dígitos.",
        "help_text": "Separados por comas.",
    },
    "detail_file": {
        "label": "Detalle en Excel/CSV",
        "field_type": FieldType.FILE,
        "required": False,
    },
    "invoice_pdf": {"label": "Factura PDF", "field_type": FieldType.FILE, "required": False},
    "brand": {"label": "Marca", "field_type": FieldType.SHORT_TEXT, "max_length": 80},
    "category_change": {
        "label": "Categoría actual y propuesta",
        "field_type": FieldType.SHORT_TEXT,
        "max_length": 200,
    },
    "rejection_reason": {"label": "Motivo del rechazo", "field_type": FieldType.LONG_TEXT},
    "product_images": {
        "label": "Imágenes del producto",
        "field_type": FieldType.FILE,
        "required": False,
    },
    "product_url": {"label": "URL del producto", "field_type": FieldType.URL, "required": False},
    "user_email": {"label": "Email del usuario", "field_type": FieldType.EMAIL},
    "seller_id": {"label": "ID de seller", "field_type": FieldType.SHORT_TEXT, "max_length": 30},
    "certificate": {"label": "Certificado bancario o tributario", "field_type": FieldType.FILE},
    "endpoint": {"label": "Endpoint o integrador", "field_type": FieldType.SHORT_TEXT},
    "error_message": {"label": "Mensaje de error", "field_type": FieldType.LONG_TEXT},
    "notification_id": {
        "label": "ID de la notificación",
        "field_type": FieldType.SHORT_TEXT,
        "max_length": 40,
    },
    "backup_document": {
        "label": "Documento de respaldo",
        "field_type": FieldType.FILE,
        "help_text": "Registro de marca, certificado u otro respaldo.",
    },
}

# What differs by country, by field key: (country → options, country → currency).
PER_COUNTRY = {
    "courier": (COURIERS_BY_COUNTRY, {}),
    "carrier": (COURIERS_BY_COUNTRY, {}),
    "amount": ({}, COUNTRY_CURRENCY),
}

ORDERS = "Órdenes y despacho"
RETURNS = "Devoluciones y postventa"
MONEY = "Liquidaciones, facturación y pagos"
CATALOG = "Catálogo y contenido"
ACCOUNT = "Cuenta, usuarios e integraciones"
COMPLIANCE = "Cumplimiento y desempeño"

AREA_DESCRIPTIONS = {
    ORDERS: "Etiquetas, retiros del courier y órdenes que no avanzan.",
    RETURNS: "Devoluciones de compradores y envíos extraviados.",
    MONEY: "Liquidaciones, pagos, comisiones, penalidades y facturas.",
    CATALOG: "Publicación, fotos, marcas y categorías de tus productos.",
    ACCOUNT: "Acceso, usuarios, datos bancarios e integraciones por API.",
    COMPLIANCE: "Suspensiones, propiedad intelectual, certificaciones y métricas.",
}

# What a seller could write as the subject of each cause (shown under the subject).
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

# record type → (description, {area → [(cause, target days, seller help, [field keys])]})
TAXONOMY = {
    "Consulta": (
        "Una pregunta sobre cómo funciona algo o sobre el estado de una operación.",
        {
            ORDERS: [
                (
                    "Etiqueta o manifiesto no se genera",
                    1,
                    "Revisa que la orden esté en «Lista para despacho» y que el stock esté "
                    "confirmado. Si usas un integrador, vuelve a pedir la etiqueta desde él.",
                    ["order_number", "sku", "courier", "screenshot"],
                ),
                (
                    "Orden bloqueada en un estado",
                    2,
                    "Las órdenes pueden tardar hasta 2 horas en cambiar de estado. Si pasó más "
                    "tiempo, cuéntanos en qué estado quedó.",
                    ["order_number", "sku", "dispatch_deadline", "screenshot"],
                ),
            ],
            MONEY: [
                (
                    "Pago no recibido",
                    3,
                    "Los pagos se depositan 2 días hábiles después del cierre de cada "
                    "liquidación. Revisa tus datos bancarios en Mi cuenta.",
                    ["settlement_number", "period", "amount"],
                ),
            ],
            CATALOG: [
                (
                    "Producto no visible en el sitio",
                    2,
                    "Un producto nuevo puede tardar hasta 24 horas en aparecer. Verifica que "
                    "tenga stock y precio.",
                    ["seller_sku", "product_url", "product_images"],
                ),
            ],
            ACCOUNT: [
                (
                    "Acceso o contraseña",
                    1,
                    "Puedes restablecer tu contraseña desde «¿Olvidaste tu contraseña?» en la "
                    "página de ingreso.",
                    ["user_email", "seller_id"],
                ),
                (
                    "Error de API o integrador",
                    3,
                    "Revisa el estado de la API y que tu token no haya expirado.",
                    ["seller_id", "endpoint", "error_message"],
                ),
            ],
        },
    ),
    "Solicitud": (
        "Un pedido de cambio o de gestión a nuestro equipo.",
        {
            ORDERS: [
                (
                    "El courier no retiró",
                    2,
                    "Confirma que el paquete estaba etiquetado y listo a la hora de retiro.",
                    ["order_number", "courier", "tracking_number", "dispatch_deadline"],
                ),
            ],
            MONEY: [
                (
                    "Factura o nota de crédito",
                    4,
                    "Las facturas de comisión se emiten el día 5 de cada mes.",
                    ["settlement_number", "period", "invoice_pdf"],
                ),
            ],
            CATALOG: [
                (
                    "Crear marca o atributo",
                    5,
                    "Antes de pedirla, busca la marca en el listado: puede existir con otro "
                    "nombre.",
                    ["brand", "category_change", "product_images"],
                ),
                (
                    "Editar foto o descripción publicada",
                    3,
                    "",
                    ["seller_sku", "reason", "product_images"],
                ),
                ("Cambio de categoría", 5, "", ["seller_sku", "category_change", "reason"]),
            ],
            ACCOUNT: [
                (
                    "Usuarios y roles",
                    2,
                    "El administrador de tu cuenta puede crear usuarios sin pedirlo a soporte.",
                    ["user_email", "seller_id"],
                ),
                (
                    "Cambio de datos bancarios o tributarios",
                    5,
                    "Adjunta un certificado bancario emitido hace menos de 30 días.",
                    ["seller_id", "certificate"],
                ),
            ],
            COMPLIANCE: [
                ("Certificación de producto", 10, "", ["sku", "backup_document"]),
            ],
        },
    ),
    "Reclamo o apelación": (
        "Un desacuerdo con un cobro, una penalidad o una decisión, que quieres que revisemos.",
        {
            ORDERS: [
                (
                    "Cobro por cancelación que no corresponde",
                    5,
                    "",
                    ["order_number", "sku", "amount", "screenshot"],
                ),
            ],
            RETURNS: [
                (
                    "Devolución llegó en mal estado",
                    2,
                    "Necesitamos tres fotos del producto (de frente, del daño y del embalaje) y "
                    "una foto de la guía.",
                    [
                        "order_number",
                        "sku",
                        "tracking_number",
                        "carrier",
                        "received_date",
                        "reason",
                        "product_photos",
                        "label_photo",
                    ],
                ),
                (
                    "Devolución no llegó",
                    3,
                    "Revisa el seguimiento con el número de guía antes de crear el caso.",
                    ["order_number", "sku", "tracking_number", "carrier"],
                ),
                (
                    "Apelación de devolución rechazada",
                    5,
                    "",
                    ["order_number", "sku", "reason", "product_photos"],
                ),
                ("Extravío en transporte", 2, "", ["order_number", "tracking_number", "carrier"]),
            ],
            MONEY: [
                (
                    "Diferencia en liquidación",
                    5,
                    "Descarga el detalle de la liquidación desde Finanzas y marca las órdenes "
                    "con diferencia.",
                    ["settlement_number", "period", "amount", "order_numbers", "detail_file"],
                ),
                (
                    "Comisión o categoría mal aplicada",
                    5,
                    "",
                    ["settlement_number", "order_numbers", "amount", "detail_file"],
                ),
                (
                    "Penalidad a disputar",
                    5,
                    "",
                    ["settlement_number", "amount", "reason", "detail_file"],
                ),
            ],
            CATALOG: [
                (
                    "Producto rechazado",
                    3,
                    "El motivo del rechazo aparece en el detalle del producto en Catálogo.",
                    ["seller_sku", "brand", "rejection_reason", "product_images"],
                ),
            ],
            COMPLIANCE: [
                (
                    "Apelar suspensión o penalidad",
                    5,
                    "",
                    ["notification_id", "reason", "backup_document"],
                ),
                ("Denuncia de propiedad intelectual", 10, "", ["sku", "brand", "backup_document"]),
                (
                    "Métricas de desempeño incorrectas",
                    5,
                    "",
                    ["notification_id", "period", "reason"],
                ),
            ],
        },
    ),
}


# Business hours for support's first reply and each next reply, per record type: a claim
# is answered sooner than a question (cases/clocks.py).
RESPONSE_TARGETS = {"Consulta": (8, 16), "Solicitud": (8, 16), "Reclamo o apelación": (4, 8)}


@transaction.atomic
def load_default_taxonomy() -> int:
    """Create whatever part of the default taxonomy is missing; returns how many rows."""
    created = 0
    for type_order, (type_name, (type_description, areas)) in enumerate(TAXONOMY.items()):
        record_type, new = RecordType.objects.get_or_create(
            name=type_name,
            defaults={
                "description": type_description,
                "order": type_order,
                "first_response_hours": RESPONSE_TARGETS[type_name][0],
                "next_response_hours": RESPONSE_TARGETS[type_name][1],
            },
        )
        created += new
        for area_order, (area_name, causes) in enumerate(areas.items()):
            area, new = Area.objects.get_or_create(
                record_type=record_type,
                name=area_name,
                defaults={"description": AREA_DESCRIPTIONS[area_name], "order": area_order},
            )
            created += new
            for cause_order, (cause_name, days, help_text, keys) in enumerate(causes):
                cause, new = Cause.objects.get_or_create(
                    area=area,
                    name=cause_name,
                    defaults={
                        "target_value": days,
                        "seller_help": help_text,
                        "subject_example": SUBJECT_EXAMPLES.get(cause_name, ""),
                        "order": cause_order,
                    },
                )
                created += new
                if new:  # an existing cause's example phrases are the agents' (migration 0016)
                    created += add_default_phrases(cause)
                for field_order, key in enumerate(keys):
                    field, new = CaseField.objects.get_or_create(
                        cause=cause, key=key, defaults={**FIELDS[key], "order": field_order}
                    )
                    created += new
                    if new:  # an existing field's countries are the agents' (migration 0012)
                        created += _add_countries(field)
    return created


def _add_countries(field: CaseField) -> int:
    options, currencies = PER_COUNTRY.get(field.key, ({}, {}))
    rows = [
        CaseFieldCountry(
            field=field,
            country=country,
            options=options.get(country, ""),
            currency=currencies.get(country, ""),
        )
        for country in Country.values
        if country in options or country in currencies
    ]
    return len(CaseFieldCountry.objects.bulk_create(rows))
