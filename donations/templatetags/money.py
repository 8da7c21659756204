from django import template

from donations.money import format_money

register = template.Library()


@register.filter(name="money")
def money(minor: int, currency: str) -> str:
    """{{ donation.amount|money:donation.currency }} -> "$5.50"."""
    return format_money(int(minor), currency)
