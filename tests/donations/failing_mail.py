"""Email backends that fail or are slow, for tests that mail never breaks a page, loses a gift
or gives a donor away.

Point settings.EMAIL_BACKEND at one of them ("tests.donations.failing_mail.SMTPDown").
"""

import smtplib
import time

from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend


class SMTPDown(BaseEmailBackend):
    """The mail server hangs up, as SMTP servers do."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class ProviderError(BaseEmailBackend):
    """An HTTP email service failing with its client's own exception, which is no OSError."""

    def send_messages(self, email_messages):
        raise RuntimeError("The email service answered 503 Service Unavailable")


class Slow(locmem.EmailBackend):
    """A mail server that takes its time (a remote SMTP server, a busy API), then delivers to
    django.core.mail.outbox like the test backend."""

    seconds = 3

    def send_messages(self, email_messages):
        time.sleep(self.seconds)
        return super().send_messages(email_messages)


class RefusesOne(locmem.EmailBackend):
    """A mail server that refuses addresses starting "refused" and then hangs up: the connection
    fails every message after, until it is closed and opened again. Delivers the others to
    django.core.mail.outbox like the test backend."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.broken = False

    def close(self):
        self.broken = False

    def send_messages(self, email_messages):
        if self.broken:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        if any(to.startswith("refused") for message in email_messages for to in message.to):
            self.broken = True
            raise smtplib.SMTPRecipientsRefused({"refused@example.org": (550, b"No such user")})
        return super().send_messages(email_messages)
