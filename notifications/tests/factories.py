from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from notifications.models import NotificationPreference, OutboundEmail

OPTIONAL_KIND = "test_case_update"
MANDATORY_KIND = "test_answer_needed"
HOOKED_KIND = "test_hooked"


class OutboundEmailFactory(DjangoModelFactory):
    class Meta:
        model = OutboundEmail

    key = factory.Sequence(lambda n: f"test:{n}:case_update:user:1")
    kind = OPTIONAL_KIND
    reference = factory.Sequence(lambda n: f"case:{n}")
    to_email = factory.Sequence(lambda n: f"persona{n}@tienda.cl")
    subject = factory.Sequence(lambda n: f"Your case #{n} was updated")
    body_text = "Hello,\n\nYour case was updated.\n"
    status = OutboundEmail.Status.PENDING
    # A row being sent is held by its worker until then.
    lease_until = factory.Maybe(
        factory.LazyAttribute(lambda email: email.status == OutboundEmail.Status.SENDING),
        yes_declaration=factory.LazyFunction(lambda: timezone.now() + timedelta(seconds=90)),
        no_declaration=None,
    )


class NotificationPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    kind = OPTIONAL_KIND
    enabled = False
