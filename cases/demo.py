"""Demo cases for local runs (`manage.py seed_demo`): every status, with tasks, messages
and files, all made through the services. Each scenario runs once (its submission key)."""

import uuid
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Country

from .models import (
    AgentScope,
    Area,
    Case,
    Cause,
    FieldType,
    PendingTask,
    QuickReply,
    QuickReplyAction,
    TaskStatus,
)
from .services.cases import case_assign, case_change_status, case_create
from .services.comments import comment_add
from .services.pending_tasks import task_answer, task_open
from .status import CaseStatus

S = CaseStatus
NAMESPACE = uuid.UUID("5b0c6a3e-8f0e-4c55-9d0b-2f4f7c2a9e11")

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def demo_file(name: str) -> SimpleUploadedFile:
    content, kind = (PNG, "image/png") if name.endswith(".png") else (PDF, "application/pdf")
    return SimpleUploadedFile(name, content, content_type=kind)


# Short-text answers that read like the real thing, by field key.
SHORT_TEXT_DEMO = {
    "tracking_number": "CX{n:08d}",
    "settlement_number": "LIQ-45{n:02d}",
    "seller_id": "DEMO-0001",
    "endpoint": "PUT /v2/stock",
    "notification_id": "NOT-2026-{n:04d}",
    "brand": "Cafetera Andina",
    "category_change": "Electro > Cocina → Electro > Café",
}


def demo_answer(field, n: int):
    kind = field.field_type
    if kind == FieldType.SHORT_TEXT and field.key in SHORT_TEXT_DEMO:
        return SHORT_TEXT_DEMO[field.key].format(n=n)
    return {
        FieldType.ORDER_NUMBER: f"20261127{n:03d}",
        FieldType.SKU: f"SKU-DEMO-{n:03d}",
        FieldType.CHOICE: (field.option_list or [""])[0],
        FieldType.DATE: timezone.localdate() - timedelta(days=7),
        FieldType.MONTH: "2026-10",
        FieldType.AMOUNT: "125000",
        FieldType.INTEGER: 3,
        FieldType.EMAIL: "operaciones@demo.cl",
        FieldType.URL: "https://www.example.com/producto/123",
        FieldType.LONG_TEXT: "El detalle está en los archivos adjuntos.",
        FieldType.FILE: [
            demo_file(f"{field.key}.png" if "photo" in field.key else f"{field.key}.pdf")
        ],
    }.get(kind, f"Dato {n}")


def _file(user, key: str, cause_name: str, subject: str, description: str, n: int) -> Case | None:
    submission_key = uuid.uuid5(NAMESPACE, key)
    if Case.objects.filter(submission_key=submission_key).exists():
        return None
    cause = Cause.objects.get(name=cause_name)
    answers = {f.key: demo_answer(f, n) for f in cause.fields.filter(is_active=True) if f.required}
    return case_create(
        seller=user.seller,
        created_by=user,
        cause=cause,
        subject=subject,
        description=description,
        answers=answers,
        submission_key=submission_key,
    )


def seed_demo_agent_scope(agent) -> AgentScope:
    """The demo agent works every area and every country."""
    scope, _created = AgentScope.objects.get_or_create(agent=agent)
    scope.countries = sorted(Country.values)
    scope.save(update_fields=["countries"])
    scope.areas.set(Area.objects.all())
    # The demo agent also leads the team: the Tablero del equipo.
    agent.user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="view_team_dashboard")
    )
    return scope


# Respuestas rápidas for the demo: (title, cause name or "", action, text, request).
DEMO_QUICK_REPLIES = [
    (
        "Foto de la etiqueta",
        "Etiqueta o manifiesto no se genera",
        QuickReplyAction.REQUEST_INFORMATION,
        "Hola {nombre_vendedor}, gracias por escribirnos por el caso {numero_caso}.",
        "Envíanos una foto o captura de la etiqueta tal como sale al imprimirla.",
    ),
    (
        "Liquidación revisada",
        "Diferencia en liquidación",
        QuickReplyAction.RESOLVE,
        "Hola {nombre_vendedor}: revisamos tu liquidación ({asunto}) y la diferencia se "
        "abonará en la próxima. Saludos, {nombre_agente}.",
        "",
    ),
    (
        "Estamos revisando",
        "",
        QuickReplyAction.NONE,
        "Hola {nombre_vendedor}, estamos revisando tu caso {numero_caso}. Te responderemos "
        "a más tardar el {fecha_estimada}. Saludos, {nombre_agente}.",
        "",
    ),
]


def seed_demo_quick_replies() -> None:
    causes = {cause.name: cause for cause in Cause.objects.all()}
    for title, cause_name, action, body, task_text in DEMO_QUICK_REPLIES:
        QuickReply.objects.get_or_create(
            title=title,
            defaults={
                "cause": causes.get(cause_name),
                "action": action,
                "body": body,
                "task_text": task_text,
            },
        )


@transaction.atomic
def seed_demo_cases(users: dict) -> int:
    """Create the demo cases that do not exist yet; returns how many were created."""
    seller, colleague, other, agent = (
        users["seller"],
        users["seller_b"],
        users["seller2"],
        users["agent"],
    )
    seed_demo_agent_scope(agent)
    seed_demo_quick_replies()
    created = 0

    if case := _file(
        seller,
        "open-label",
        "Etiqueta o manifiesto no se genera",
        "La etiqueta de la orden sale en blanco",
        "Desde ayer las etiquetas de Chilexpress salen en blanco al imprimirlas.",
        1,
    ):
        created += 1

    if case := _file(
        seller,
        "in-progress-settlement",
        "Diferencia en liquidación",
        "Diferencia en la liquidación de octubre",
        "La liquidación de octubre trae $125.000 menos que la suma de mis órdenes.",
        2,
    ):
        case_assign(case=case, assignee=agent, actor=agent)
        comment_add(
            case=case,
            author=agent,
            body="Hola, estamos revisando la liquidación con el equipo de finanzas.",
        )
        created += 1

    if case := _file(
        seller,
        "waiting-return",
        "Devolución llegó en mal estado",
        "Devolución llegó rota",
        "El comprador devolvió la cafetera con la carcasa quebrada.",
        3,
    ):
        case_assign(case=case, assignee=agent, actor=agent)
        task_open(
            case=case,
            requested_by=agent,
            request_text="Necesitamos tres fotos del producto: de frente, del daño y del embalaje.",
        )
        created += 1

    if case := _file(
        colleague,
        "waiting-payment",
        "Pago no recibido",
        "No recibimos el pago de la semana",
        "El pago de la liquidación 4501 no llegó a la cuenta.",
        4,
    ):
        task_open(
            case=case,
            requested_by=agent,
            request_text="Adjunta una cartola bancaria donde se vea que el depósito no llegó.",
        )
        created += 1

    if case := _file(
        seller,
        "answered-certificate",
        "Cambio de datos bancarios o tributarios",
        "Cambio de cuenta bancaria",
        "Cambiamos de banco y necesitamos actualizar la cuenta de depósito.",
        5,
    ):
        task = task_open(
            case=case,
            requested_by=agent,
            request_text="El certificado tiene más de 30 días. Envía uno reciente.",
        )
        task_answer(
            task=task,
            answered_by=seller,
            answer_text="Adjunto el certificado nuevo.",
            attachments=[demo_file("certificado-banco.pdf")],
        )
        created += 1

    if case := _file(
        seller,
        "resolved-access",
        "Acceso o contraseña",
        "Un usuario no puede ingresar",
        "Nuestro usuario de bodega no recibe el email para restablecer la clave.",
        6,
    ):
        comment_add(
            case=case,
            author=agent,
            body="Reenviamos el email de activación; revisa la carpeta de spam.",
        )
        case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
        created += 1

    if case := _file(
        seller,
        "closed-rejected",
        "Producto rechazado",
        "Producto rechazado por la marca",
        "Rechazaron el producto SKU-DEMO-007 diciendo que la marca no existe.",
        7,
    ):
        comment_add(case=case, author=agent, body="Creamos la marca y aprobamos el producto.")
        case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
        case_change_status(case=case, to_status=S.CLOSED, actor=seller)
        created += 1

    if case := _file(
        seller,
        "reopened-cancellation",
        "Cobro por cancelación que no corresponde",
        "Me cobraron una cancelación que hizo el comprador",
        "La orden la canceló el comprador, pero el cobro apareció en mi liquidación.",
        8,
    ):
        comment_add(case=case, author=agent, body="Revertimos el cobro en la próxima liquidación.")
        case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
        case_change_status(
            case=case,
            to_status=S.REOPENED,
            actor=seller,
            reason="La liquidación nueva todavía trae el cobro.",
        )
        created += 1

    if case := _file(
        other,
        "other-open",
        "Producto no visible en el sitio",
        "Mi producto no aparece en el sitio",
        "Publiqué el producto hace dos días y no aparece en las búsquedas.",
        9,
    ):
        created += 1

    if case := _file(
        other,
        "other-waiting",
        "Error de API o integrador",
        "Error 500 al actualizar stock",
        "La API responde 500 al actualizar el stock de 200 productos.",
        10,
    ):
        task_open(
            case=case,
            requested_by=agent,
            request_text="Envía el request completo y la hora exacta del error.",
        )
        created += 1

    # Issue 21: a case filed under the wrong cause (the courier never came, filed as an order
    # stuck in a status) for "Cambiar motivo", and solved cases of the right cause for the
    # "similar solved cases" of the agent's case page.
    for key, user, subject, description, answer, n in [
        (
            "solved-courier-1",
            other,
            "El courier no pasó a retirar",
            "El courier no pasó a retirar los paquetes de la bodega ayer en la tarde.",
            "Reprogramamos el retiro con el courier para mañana entre 9:00 y 13:00.",
            11,
        ),
        (
            "solved-courier-2",
            seller,
            "Paquetes sin retirar desde el lunes",
            "Tenemos paquetes listos y etiquetados, pero el courier no vino a retirarlos.",
            "El courier confirmó el retiro para hoy; si no pasa, escríbenos por aquí.",
            12,
        ),
    ]:
        if case := _file(user, key, "El courier no retiró", subject, description, n):
            comment_add(case=case, author=agent, body=answer)
            case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
            created += 1
    if _file(
        seller,
        "misfiled-courier",
        "Orden bloqueada en un estado",
        "La orden sigue en listo para despacho",
        "El courier no vino a retirar los pedidos y la orden sigue en listo para despacho.",
        13,
    ):
        created += 1

    return created


# --- a reply by email, for `manage.py inbound_demo_reply` (README "Replies by email") ---


def demo_waiting_case(email: str) -> tuple[Case, PendingTask] | None:
    """The case of this user's seller that has waited longest on an open request."""
    task = (
        PendingTask.objects.filter(status=TaskStatus.OPEN, case__seller__users__email__iexact=email)
        .select_related("case__seller")
        .order_by("requested_at")
        .first()
    )
    return (task.case, task) if task else None


def demo_reply_eml(*, case: Case, task: PendingTask, user, reply_to: str) -> bytes:
    """What a seller's phone sends when they answer the request email with a photo:
    the answer on top, the quoted request below (removed by the portal), the file."""
    message = EmailMessage()
    message["From"] = f"{user.full_name} <{user.email}>"
    message["To"] = f"Centro de soporte <{reply_to}>"
    message["Subject"] = f"Re: Necesitamos información para tu caso N° {case.number}"
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = make_msgid("demo-reply", domain=user.email.rpartition("@")[2])
    quoted = "\n".join(f"> {line}" for line in task.request_text.splitlines())
    message.set_content(
        "Hola, adjunto el archivo que pidieron. Cualquier duda me avisan.\n\n"
        "Enviado desde mi iPhone\n\n"
        f"El {timezone.localtime(task.requested_at):%d-%m-%Y} a las "
        f"{timezone.localtime(task.requested_at):%H:%M}, Centro de soporte "
        f"<{reply_to}> escribió:\n\n{quoted}\n"
    )
    message.add_attachment(PNG, maintype="image", subtype="png", filename="respaldo.png")
    return message.as_bytes()
