"""Spanish text the generated cases are written with: what sellers and agents say.

Pools, not a language model: a case picks a subject for its cause and a few sentences
for its area, so the search and its full-text indexes see realistic, repetitive words.
"""

# Cause name → subjects a seller would type (an order or SKU is appended to some).
SUBJECTS = {
    "Etiqueta o manifiesto no se genera": [
        "La etiqueta no se genera",
        "No puedo imprimir la etiqueta de despacho",
        "Manifiesto sale en blanco",
        "Error al generar etiqueta",
    ],
    "Orden bloqueada en un estado": [
        "Orden pegada en estado pendiente",
        "La orden no avanza a despachado",
        "Orden bloqueada desde ayer",
    ],
    "Pago no recibido": [
        "No llegó el pago de la liquidación",
        "Pago pendiente del período",
        "Depósito no recibido",
    ],
    "Producto no visible en el sitio": [
        "Producto no aparece en el sitio",
        "Mi producto no se ve publicado",
        "Publicación no visible",
    ],
    "Acceso o contraseña": [
        "No puedo ingresar al Seller Center",
        "Olvidé mi contraseña",
        "Usuario bloqueado",
    ],
    "Error de API o integrador": [
        "Error 500 en la API de órdenes",
        "El integrador no sincroniza stock",
        "Token de API expirado",
    ],
    "El courier no retiró": [
        "El courier no pasó a retirar",
        "Retiro no realizado",
        "Paquetes sin retirar desde el lunes",
    ],
    "Factura o nota de crédito": [
        "Necesito la factura del período",
        "Solicito nota de crédito",
        "Factura con datos incorrectos",
    ],
    "Crear marca o atributo": ["Crear marca nueva", "Falta un atributo en la categoría"],
    "Editar foto o descripción publicada": [
        "Cambiar fotos del producto",
        "Corregir descripción publicada",
        "Actualizar ficha del producto",
    ],
    "Cambio de categoría": ["Producto en categoría equivocada", "Solicito cambio de categoría"],
    "Usuarios y roles": ["Agregar un usuario nuevo", "Cambiar rol de un usuario"],
    "Cambio de datos bancarios o tributarios": [
        "Actualizar cuenta bancaria",
        "Cambio de razón social",
    ],
    "Certificación de producto": ["Certificación SEC del producto", "Subo certificado de calidad"],
    "Cobro por cancelación que no corresponde": [
        "Cobro por cancelación injusto",
        "Me cobraron una cancelación que no hice",
    ],
    "Devolución llegó en mal estado": [
        "Devolución llegó dañada",
        "Producto devuelto roto",
        "Devolución en mal estado",
    ],
    "Devolución no llegó": ["La devolución nunca llegó", "Devolución perdida"],
    "Apelación de devolución rechazada": ["Apelo la devolución rechazada", "Rechazo injusto"],
    "Extravío en transporte": ["Paquete extraviado por el courier", "Envío perdido en tránsito"],
    "Diferencia en liquidación": [
        "Diferencia en la liquidación",
        "Monto de liquidación no cuadra",
        "Faltan órdenes en la liquidación",
    ],
    "Comisión o categoría mal aplicada": [
        "Comisión mal aplicada",
        "Cobro de comisión incorrecto",
    ],
    "Penalidad a disputar": ["Disputa de penalidad", "Penalidad por atraso injusta"],
    "Producto rechazado": ["Producto rechazado sin motivo", "Rechazo de publicación"],
    "Apelar suspensión o penalidad": ["Apelo la suspensión de mi cuenta", "Cuenta suspendida"],
    "Denuncia de propiedad intelectual": ["Denuncia por uso de marca", "Copian mis fotos"],
    "Métricas de desempeño incorrectas": [
        "Métricas de despacho incorrectas",
        "Indicador de atraso mal calculado",
    ],
}
GENERIC_SUBJECTS = ["Consulta sobre mi cuenta", "Necesito ayuda", "Problema con una orden"]

# Area name → sentences of the description.
SENTENCES = {
    "Órdenes y despacho": [
        "Desde ayer la etiqueta sale en blanco al imprimirla.",
        "La orden sigue en estado pendiente aunque el stock está confirmado.",
        "El courier no pasó en el horario de retiro acordado.",
        "Ya intenté generar el manifiesto desde el integrador y tampoco funciona.",
        "El cliente está reclamando porque la fecha de despacho ya venció.",
        "Adjunto la captura del error que aparece en pantalla.",
    ],
    "Devoluciones y postventa": [
        "La devolución llegó con la caja rota y el producto dañado.",
        "El número de guía no muestra movimiento hace una semana.",
        "El comprador devolvió un producto distinto al que enviamos.",
        "Necesito que se revise el estado del paquete con el transportista.",
        "Adjunto las fotos del producto como llegó a bodega.",
    ],
    "Liquidaciones, facturación y pagos": [
        "El monto depositado no coincide con el detalle de la liquidación.",
        "Faltan varias órdenes entregadas en el período.",
        "La comisión aplicada no corresponde a la categoría del producto.",
        "Necesito la factura para cerrar la contabilidad del mes.",
        "El pago debía llegar hace tres días hábiles.",
    ],
    "Catálogo y contenido": [
        "El producto tiene stock y precio pero no aparece en el buscador.",
        "Quiero cambiar las fotos porque el modelo cambió de color.",
        "La marca no existe en el listado y no puedo publicar.",
        "El producto fue rechazado sin indicar el motivo.",
        "La categoría asignada no corresponde al tipo de producto.",
    ],
    "Cuenta, usuarios e integraciones": [
        "El usuario queda bloqueado después de cambiar la contraseña.",
        "La API responde con error 500 al consultar órdenes.",
        "Necesito agregar a una persona del equipo de bodega.",
        "Cambiamos de banco y hay que actualizar la cuenta de depósito.",
        "El token de integración expiró y no sé cómo renovarlo.",
    ],
    "Cumplimiento y desempeño": [
        "La suspensión se aplicó por un atraso que fue culpa del courier.",
        "Adjunto el certificado vigente del producto.",
        "Otro seller está usando nuestra marca registrada.",
        "El indicador de despacho a tiempo no considera los feriados.",
        "Solicito revisar la penalidad aplicada este mes.",
    ],
}
GENERIC_SENTENCES = [
    "Quedo atento a su respuesta.",
    "Es urgente porque afecta nuestras ventas.",
    "Esto ya pasó el mes pasado con otra orden.",
    "Gracias por la ayuda.",
    "Por favor revisar a la brevedad.",
    "Lo intenté desde otro navegador y pasa lo mismo.",
]

SELLER_MESSAGES = [
    "Hola, ¿hay novedades de este caso?",
    "Adjunto la información que faltaba.",
    "Sigue pasando lo mismo, ¿pueden revisarlo de nuevo?",
    "Gracias, quedo atento.",
    "El cliente sigue esperando, por favor priorizar.",
    "Ya lo probé y ahora funciona.",
    "Les envío el detalle de las órdenes afectadas.",
    "¿Cuánto tiempo más puede tardar?",
]
SUPPORT_MESSAGES = [
    "Hola, estamos revisando tu caso con el área responsable.",
    "Gracias por la información, ya la derivamos.",
    "Validamos el problema y aplicamos la corrección.",
    "El courier confirmó el retiro para mañana.",
    "El ajuste se verá reflejado en la próxima liquidación.",
    "¿Puedes confirmar si el problema persiste?",
    "Reprocesamos la orden y ya avanzó de estado.",
    "Tu solicitud fue aprobada.",
]
INTERNAL_NOTES = [
    "Escalado a operaciones logísticas.",
    "Revisar con finanzas antes de responder.",
    "Seller recurrente con este problema.",
    "Caso duplicado de otro reclamo, se responde aquí.",
]
TASK_REQUESTS = [
    "Envía la boleta de la orden.",
    "Adjunta una foto de la etiqueta del paquete.",
    "Necesitamos el número de guía del envío.",
    "Envía el detalle de las órdenes en Excel.",
    "Confirma el RUT de la empresa y la cuenta bancaria.",
    "Adjunta el certificado vigente.",
]
TASK_ANSWERS = [
    "Adjunto lo solicitado.",
    "El número de guía es el que aparece en la foto.",
    "Envío el Excel con el detalle.",
    "Listo, quedó adjunto.",
]
REOPEN_REASONS = [
    "El problema volvió a ocurrir.",
    "La solución no funcionó.",
    "Sigue igual que antes.",
]
RATING_COMMENTS = ["", "", "", "Rápidos y claros.", "Tardaron mucho.", "Muy buena atención."]

# Words that make up seller names.
NAME_FIRST = [
    "Tienda",
    "Comercial",
    "Distribuidora",
    "Importadora",
    "Mundo",
    "Casa",
    "Bazar",
    "Outlet",
    "Electro",
    "Deportes",
]
NAME_SECOND = [
    "Andes",
    "Pacífico",
    "Austral",
    "del Sur",
    "Norte",
    "Central",
    "Hogar",
    "Digital",
    "Express",
    "Total",
    "Plus",
    "Nativa",
]
PEOPLE_FIRST = ["Camila", "Benjamín", "Valentina", "Matías", "Fernanda", "Diego", "Josefa", "Tomás"]
PEOPLE_LAST = ["Rojas", "Soto", "Muñoz", "González", "Díaz", "Pérez", "Silva", "Contreras"]

# (original name pattern, content type, extension, typical size in bytes)
FILE_KINDS = [
    ("boleta_{n}.pdf", "application/pdf", ".pdf", 180_000),
    ("foto_{n}.jpg", "image/jpeg", ".jpg", 1_400_000),
    ("captura_{n}.png", "image/png", ".png", 350_000),
    (
        "detalle_{n}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
        60_000,
    ),
]
