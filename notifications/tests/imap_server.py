"""A real IMAP server for tests: a throwaway Dovecot (Debian's dovecot-imapd) with one
user and its own mail directory, on a free port of 127.0.0.1. `.ci/run` installs the
package when it is missing."""

import imaplib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "inbound"
PASSWORD = "secret-imap-2026"

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 100
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class ImapServer:
    root: Path
    port: int

    @property
    def url(self) -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        """What the mail server does when a message arrives: APPEND it, unread."""
        client = self.client()
        try:
            status, data = client.append(folder, "", None, raw)
            assert status == "OK", data
        finally:
            client.logout()

    def messages(self, folder: str = "INBOX") -> list[tuple[bytes, bytes]]:
        """(flags, Message-ID header) of each message in the folder."""
        client = self.client()
        try:
            status, _ = client.select(f'"{folder}"', readonly=True)
            if status != "OK":
                return []
            _status, data = client.search(None, "ALL")
            found = []
            for number in (data[0] or b"").split():
                _s, fetched = client.fetch(number, "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
                found.append((fetched[0][0], fetched[0][1].strip()))
            return found
        finally:
            client.logout()

    def empty(self) -> None:
        client = self.client()
        try:
            for folder in ("INBOX", "Procesados"):
                status, count = client.select(f'"{folder}"')
                if status == "OK" and int(count[0] or 0):
                    client.store("1:*", "+FLAGS", "(\\Deleted)")
                    client.expunge()
        finally:
            client.logout()


def start_dovecot() -> ImapServer:
    if not os.path.exists(DOVECOT):
        raise FileNotFoundError(
            "Dovecot is not installed: `apt-get install dovecot-imapd` (what .ci/run does)."
        )
    root = Path(tempfile.mkdtemp(prefix="dovecot-test-"))
    os.chmod(root, 0o755)
    port = _free_port()
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir()
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    (root / "dovecot.conf").write_text(CONFIG.format(root=root, port=port))
    shutil.chown(root / "mail", "dovecot", "dovecot")
    subprocess.run([DOVECOT, "-c", str(root / "dovecot.conf")], check=True, timeout=30)
    server = ImapServer(root=root, port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            server.client().logout()
            return server
        except (OSError, imaplib.IMAP4.error):
            if time.monotonic() > deadline:
                log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                raise RuntimeError(f"Dovecot did not start:\n{log}") from None
            time.sleep(0.2)


def stop_dovecot(server: ImapServer) -> None:
    pid_file = server.root / "run" / "master.pid"
    if pid_file.exists():
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 15)
        for _ in range(50):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
    shutil.rmtree(server.root, ignore_errors=True)
