import factory
from factory.django import DjangoModelFactory

from cases.models import Area, CaseField, Cause, FieldType, RecordType
from cases.services.cases import case_create

# Tiny but real files: each starts with its type's signature.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def upload(name="documento.pdf", content=PDF_BYTES, content_type="application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


class RecordTypeFactory(DjangoModelFactory):
    class Meta:
        model = RecordType

    name = factory.Sequence(lambda n: f"Tipo {n}")
    description = "Descripción del tipo"


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area

    record_type = factory.SubFactory(RecordTypeFactory)
    name = factory.Sequence(lambda n: f"Área {n}")


class CauseFactory(DjangoModelFactory):
    class Meta:
        model = Cause

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Causa {n}")
    target_value = 3
    seller_help = "Revisa primero el estado de la orden."


class CaseFieldFactory(DjangoModelFactory):
    class Meta:
        model = CaseField

    cause = factory.SubFactory(CauseFactory)
    label = factory.Sequence(lambda n: f"Campo {n}")
    key = factory.Sequence(lambda n: f"field_{n}")
    field_type = FieldType.SHORT_TEXT
    required = True


def create_case(user, *, cause=None, subject="La etiqueta no se genera", **kwargs):
    """A case filed through the service, as the wizard does."""
    return case_create(
        seller=user.seller,
        created_by=user,
        cause=cause or CauseFactory(),
        subject=subject,
        description=kwargs.pop("description", "Desde ayer la etiqueta sale en blanco."),
        **kwargs,
    )


def case_in_status(user, agent, status, **kwargs):
    """A case of `user` brought to `status` the way it happens: through the services."""
    from cases.services.cases import case_assign, case_change_status
    from cases.services.pending_tasks import task_open
    from cases.status import CaseStatus as S

    case = create_case(user, **kwargs)
    if status == S.IN_PROGRESS:
        case_assign(case=case, assignee=agent, actor=agent)
    elif status == S.WAITING_ON_SELLER:
        task_open(case=case, requested_by=agent, request_text="Envía la boleta de la orden.")
    elif status in (S.RESOLVED, S.CLOSED, S.REOPENED):
        case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
        if status == S.CLOSED:
            case_change_status(case=case, to_status=S.CLOSED, actor=user)
        elif status == S.REOPENED:
            case_change_status(case=case, to_status=S.REOPENED, actor=user, reason="Sigue igual")
    case.refresh_from_db()
    assert case.status == status
    return case
