"""Dates on reader pages: `|iso_datetime` for machines, `|long_date` and `|long_datetime` for
readers ("2 May 2026", "2 May 2026, 14:30"), in the site's time zone.

Filters rather than `date:'c'` and `date:"j F Y"`: 'c' writes microseconds, which HTML does not
allow in a datetime value (see articles.metadata.iso_datetime); and the date filter looks its
format up and builds a formatter for each use, a dozen a page, for two fixed formats.
"""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS

from articles.metadata import iso_datetime as _iso_datetime

register = template.Library()


@register.filter
def iso_datetime(value: datetime | None) -> str:
    return _iso_datetime(value)


@register.filter
def long_date(value: datetime | None) -> str:
    """The day, as `date:"j F Y"` writes it: the month's name in the reader's language."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {MONTHS[local.month]} {local.year}"


@register.filter
def long_datetime(value: datetime | None) -> str:
    """The day and time, as `date:"j F Y, H:i"` writes it."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {MONTHS[local.month]} {local.year}, {local.hour:02d}:{local.minute:02d}"
