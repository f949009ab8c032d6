"""Letters by SMTP (the standard library's `smtplib` and `email`): off unless `SMTP_HOST` and
`SMTP_FROM` are set. One connection sends a batch; a letter a server refuses is reported by
its index, the others still go. Nothing here knows what the letters say."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

SMTP_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class MailSettings:
    """Where letters go out: the server, its sign-in (if any) and the sender's address."""

    host: str
    port: int
    sender: str
    user: str = ""
    password: str = ""
    starttls: bool = True
    sender_name: str = ""


@dataclass(frozen=True)
class Letter:
    to: str
    subject: str
    body: str


class MailUnavailable(Exception):
    """The server could not be reached or refused the sign-in: nothing was sent."""


def message_of(settings: MailSettings, letter: Letter) -> EmailMessage:
    """A plain-text UTF-8 letter (Cyrillic in the subject and the body is encoded properly)."""
    msg = EmailMessage()
    msg["From"] = formataddr((settings.sender_name, settings.sender))
    msg["To"] = letter.to
    msg["Subject"] = letter.subject
    msg["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    msg.set_content(letter.body)
    return msg


def send_letters(settings: MailSettings, letters: Sequence[Letter]) -> dict[int, str]:
    """Send `letters` over one connection; the ones not sent, by index, with the reason (a
    refused address, or the connection lost part-way: the rest are reported, never guessed
    as sent). `MailUnavailable` when no letter could be tried (connection, TLS, sign-in)."""
    failed: dict[int, str] = {}
    tried = 0
    if not letters:
        return failed
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_S) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                smtp.login(settings.user, settings.password)
            for i, letter in enumerate(letters):
                try:
                    smtp.send_message(message_of(settings, letter))
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                        smtplib.SMTPSenderRefused) as exc:
                    failed[i] = str(exc)[:300]
                tried = i + 1
    except (OSError, smtplib.SMTPException) as exc:
        if tried == 0:
            raise MailUnavailable(str(exc)[:300]) from exc
        failed.update({i: str(exc)[:300] for i in range(tried, len(letters))})
    return failed
