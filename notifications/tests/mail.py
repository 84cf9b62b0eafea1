"""An email backend for tests whose mail server can be switched off."""

from django.core.mail.backends.locmem import EmailBackend


class FlakySMTPBackend(EmailBackend):
    """Django's locmem backend, except that it raises `error` while one is set."""

    error: Exception | None = None

    def send_messages(self, messages):
        if FlakySMTPBackend.error is not None:
            raise FlakySMTPBackend.error
        return super().send_messages(messages)
