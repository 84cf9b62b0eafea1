import factory
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


class NotificationPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    kind = OPTIONAL_KIND
    enabled = False
