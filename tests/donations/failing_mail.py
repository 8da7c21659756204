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
