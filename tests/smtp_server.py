"""A tiny SMTP server for tests, on asyncio streams (no `aiosmtpd` in the lock file): enough
of RFC 5321 for `smtplib` to deliver plain letters (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
QUIT). A recipient whose address holds `refuse` is refused with 550, as a real server refuses
an unknown mailbox. Runs in a thread; `letters` collects what was delivered."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import cast


@dataclass
class Delivered:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return cast(EmailMessage, message_from_bytes(self.data, policy=policy.default))


@dataclass
class LocalSmtp:
    host: str = "127.0.0.1"
    port: int = 0
    letters: list[Delivered] = field(default_factory=list)
    sessions: int = 0
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _server: asyncio.Server | None = None

    def __enter__(self) -> LocalSmtp:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            self._server = loop.run_until_complete(
                asyncio.start_server(self._session, self.host, 0))
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            loop.run_forever()
            self._server.close()
            loop.run_until_complete(self._server.wait_closed())
            loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        assert ready.wait(5), "the test SMTP server did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._loop is not None and self._thread is not None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.sessions += 1

        async def reply(line: str) -> None:
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        await reply("220 localhost test SMTP")
        sender, recipients = "", []
        try:
            while line := await reader.readline():
                command = line.decode("utf-8", "replace").strip()
                verb = command[:4].upper()
                if verb == "EHLO":
                    await reply("250-localhost")
                    await reply("250 8BITMIME")
                elif verb == "HELO":
                    await reply("250 localhost")
                elif verb == "MAIL":
                    sender, recipients = command.split(":", 1)[1].split()[0].strip("<>"), []
                    await reply("250 OK")
                elif verb == "RCPT":
                    to = command.split(":", 1)[1].strip().strip("<>")
                    if "refuse" in to:
                        await reply("550 5.1.1 No such mailbox")
                    else:
                        recipients.append(to)
                        await reply("250 OK")
                elif verb == "DATA":
                    await reply("354 End data with <CR><LF>.<CR><LF>")
                    body = bytearray()
                    while (chunk := await reader.readline()) not in (b".\r\n", b""):
                        body += chunk[1:] if chunk.startswith(b"..") else chunk
                    self.letters.append(Delivered(sender, recipients, bytes(body)))
                    await reply("250 OK queued")
                elif verb in ("RSET", "NOOP"):
                    await reply("250 OK")
                elif verb == "QUIT":
                    await reply("221 Bye")
                    break
                else:
                    await reply("502 Command not implemented")
        finally:
            writer.close()
