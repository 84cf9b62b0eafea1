"""`manage.py check`: the settings that keep an email from being sent twice while its
first send is still going on."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_sending_lease(app_configs, **kwargs) -> list[Error]:
    errors = []
    lease, limit = settings.NOTIFICATIONS_LEASE_SECONDS, settings.NOTIFICATIONS_SEND_TIME_LIMIT
    if lease <= limit:
        errors.append(
            Error(
                f"NOTIFICATIONS_LEASE_SECONDS ({lease}) must be longer than "
                f"NOTIFICATIONS_SEND_TIME_LIMIT ({limit}).",
                hint="An email would be sent again while its first send may still be going on.",
                id="notifications.E001",
            )
        )
    timeout = getattr(settings, "EMAIL_TIMEOUT", None)
    if timeout is None or timeout >= limit:
        errors.append(
            Error(
                f"EMAIL_TIMEOUT ({timeout}) must be set and shorter than "
                f"NOTIFICATIONS_SEND_TIME_LIMIT ({limit}).",
                hint="Without it, a silent mail server holds a send until the time limit kills it.",
                id="notifications.E002",
            )
        )
    return errors
