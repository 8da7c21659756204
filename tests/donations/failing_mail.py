"""Email backends that fail, for tests that a mail failure never breaks a page or loses a gift.

Point settings.EMAIL_BACKEND at one of them ("tests.donations.failing_mail.SMTPDown").
"""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class SMTPDown(BaseEmailBackend):
    """The mail server hangs up, as SMTP servers do."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class ProviderError(BaseEmailBackend):
    """An HTTP email service failing with its client's own exception, which is no OSError."""

    def send_messages(self, email_messages):
        raise RuntimeError("The email service answered 503 Service Unavailable")
