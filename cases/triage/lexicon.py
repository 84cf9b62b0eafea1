"""Concepts: the words sellers of different countries use for the same thing.

Each text also yields the concepts its words belong to (a word belongs to a concept when
it starts with one of the concept's stems, after `text.fold`), so a seller who writes
"paquetería" or "motorizado" reaches what the training phrases say with "courier". The
model weighs concepts like any other feature; nothing here says which cause they mean.

Changing this list changes what a stored model's columns mean: bump `RECIPE` in
classifier.py, and stored models of the old recipe are retrained on first use.
"""

import re

from .text import fold

CONCEPTS = {
    "pickup": "retir recog recoj recolec colecta pickup llevars",
    "carrier": (
        "courier transportist transportador paqueteri mensajer repartidor motorizado chofer "
        "camion camionet furgon conductor carrier chilexpress starken bluexpress olva shalom "
        "serpost chazki servientrega coordinadora interrapidisimo deprisa estafeta dhl fedex "
        "paquetexpress redpack"
    ),
    "label": "etiquet rotul sticker manifiest",
    "stuck": "pegad trabad atascad atorad estancad congelad estado estatus status limbo avanz",
    "cancel": "cancel anul retract arrepent arrepint",
    "charge": "cobr cargo descont descuent restar restaron",
    "money": (
        "pago pagar pagaron pagado deposit transfer abon consign acredit plata dinero lucas "
        "lana soles"
    ),
    "settlement": "liquidac liquidad liquidar conciliac",
    "invoice": "factur cfdi boleta comprobante xml",
    "commission": "comision fee porcentaje tarifa",
    "penalty": "multa penal sancion castig",
    "late": "atras tard retras demor plazo",
    "visible": ("visib aparec muestr mostr visualiz encuentr buscador busqueda ocult desaparec"),
    "brand": "marca",
    "attribute": "atribut talla color material tamano capacidad voltaje sabor",
    "photo": "foto imagen imagenes fotografi",
    "description": "descripc titulo ficha texto especificac",
    "edit": "edit modific actualiz corregi corrij reemplaz",
    "category": "categor seccion clasific rubro subcategor",
    "reject": "rechaz deneg aprob aprueb moderac rebot",
    "access": (
        "contrasena clave password login loguear logear sesion ingres entrar acceso credencial"
    ),
    "api": "api integr token webhook endpoint sincroniz erp conector json",
    "user": "usuario rol roles permiso perfil administrador colaborador emplead trabajador",
    "bank": "banco bancari clabe cci ahorro",
    "tax": "rut ruc rfc nit tributari fiscal razon giro sii sat dian sunat regimen",
    "certificate": (
        "certific homolog sanitario invima digesa cofepris sec nom isp subtel norma laboratorio"
    ),
    "suspension": "suspend suspensi pausad inhabilit desactiv deshabilit restring restricc",
    "infringement": (
        "falsific copia copiar copiaron pirat imitac replica plagi bamba chimb clon intelectual "
        "patente logo autoriz"
    ),
    "metrics": (
        "metric indicador reputac tasa puntaje calificac nivel desempeno estadistic semaforo indice"
    ),
    "return": "devoluc devuelt devolv retorn regres reembols",
    "damage": (
        "roto rota rotos danad dano quebrad destroz golpe estropead chancad usado usada sucio "
        "mojad incomplet"
    ),
    "appeal": "apel reconsider impugn disput objet injust",
    "lost": "perdi extravi desaparec robad robo siniestr",
}

# stem → its concepts; a stem of three letters or fewer matches only the whole word.
_PREFIXES: dict[str, set[str]] = {}
_WHOLE_WORDS: dict[str, set[str]] = {}
for _concept, _stems in CONCEPTS.items():
    for _stem in _stems.split():
        table = _PREFIXES if len(_stem) > 3 else _WHOLE_WORDS
        table.setdefault(_stem, set()).add(_concept)
_LENGTHS = sorted({len(stem) for stem in _PREFIXES})
_WORD = re.compile(r"\w+")


def concepts(text: str) -> list[str]:
    """The concepts of a text's words, once per word and concept ("retiraron" → pickup)."""
    found = []
    for word in _WORD.findall(fold(text)):
        matched = set(_WHOLE_WORDS.get(word, ()))
        for length in _LENGTHS:
            if length > len(word):
                break
            matched.update(_PREFIXES.get(word[:length], ()))
        found.extend(sorted(matched))
    return found
