"""A real SMTP server for tests (aiosmtpd on 127.0.0.1), told how to answer.

It refuses chosen recipients with the reply given (e.g. "550 5.1.1 No such mailbox"),
answers DATA with a chosen reply, drops the connection at DATA, or holds its DATA reply
until released. What it accepted is in `received`, one entry per recipient.
"""

import asyncio
import socket
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header, make_header

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    to: str
    message_id: str
    subject: str
    body: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class MailServer:
    host: str = "127.0.0.1"
    port: int = 0
    received: list[Received] = field(default_factory=list)
    # address (lower case) → the reply to its RCPT, e.g. "550 5.1.1 No such mailbox".
    refuse: dict[str, str] = field(default_factory=dict)
    # The reply to the next DATA commands (each used once), e.g. "451 4.3.0 Try later".
    data_replies: list[str] = field(default_factory=list)
    # Drop the connection instead of answering the next N DATA commands.
    drop_data: int = 0
    # Hold every DATA reply while this is clear (set it to answer).
    release: threading.Event = field(default_factory=threading.Event)
    # Set when a DATA command has arrived (held or not).
    data_arrived: threading.Event = field(default_factory=threading.Event)
    # A held message whose client vanished before the reply: kept (True) or dropped.
    keep_unacknowledged: bool = False

    def __post_init__(self):
        self.release.set()
        self._lock = threading.Lock()

    # --- aiosmtpd handler hooks --------------------------------------------------------
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.refuse.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_arrived.set()
        with self._lock:
            if self.drop_data > 0:
                self.drop_data -= 1
                server.transport.abort()
                return "421 Closing"  # never reaches the client
            reply = self.data_replies.pop(0) if self.data_replies else None
        if reply:
            return reply
        if self.keep_unacknowledged:
            self._keep(envelope)
        while not self.release.is_set():
            await asyncio.sleep(0.05)  # cancelled if the client goes away meanwhile
        if not self.keep_unacknowledged:
            self._keep(envelope)
        return "250 Message accepted for delivery"

    def _keep(self, envelope) -> None:
        message = message_from_bytes(envelope.content)
        subject = str(make_header(decode_header(message["Subject"] or "")))
        part = next((p for p in message.walk() if p.get_content_type() == "text/plain"), None)
        body = part.get_payload(decode=True).decode() if part is not None else ""
        with self._lock:
            self.received.extend(
                Received(
                    to=address.lower(),
                    message_id="".join(str(message["Message-ID"]).split()),  # unfolded
                    subject=subject,
                    body=body,
                )
                for address in envelope.rcpt_tos
            )

    # --- for the tests -----------------------------------------------------------------
    def copies(self) -> Counter:
        """How many times each (recipient, Message-ID) arrived."""
        with self._lock:
            return Counter((r.to, r.message_id) for r in self.received)

    def wait_for(self, condition, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition(self):
                return True
            time.sleep(0.1)
        return False


@contextmanager
def running_mail_server(**options):
    """Start a MailServer on a free port for the duration of the block."""
    server = MailServer(**options)
    server.port = _free_port()
    controller = Controller(server, hostname=server.host, port=server.port, ready_timeout=10)
    controller.start()
    try:
        yield server
    finally:
        server.release.set()
        controller.stop()


def use_mail_server(settings, server: MailServer) -> None:
    """Send Django's email to `server` over SMTP (the `settings` fixture restores it)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
