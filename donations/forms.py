import re
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from django import forms
from django.conf import settings

from articles.models import Article
from donations.frequencies import Frequency
from donations.money import (
    currency_name,
    format_money_major,
    gift_limits,
    reader_decimals,
    to_minor_units,
)

PROMPT_PATTERN = re.compile(r"^[-a-zA-Z0-9_:.]{1,100}$")
# ASCII digits only (str.isdigit() accepts "٣"), and few enough for PostgreSQL's bigint.
ARTICLE_ID_PATTERN = re.compile(r"^[0-9]{1,18}$")


def currency_choices() -> list[tuple[str, str]]:
    return [
        (code, f"{currency_name(code)} ({code.upper()})") for code in settings.DONATION_CURRENCIES
    ]


def parse_amount(text: str) -> Decimal | None:
    """A typed amount in major units: "5", "5.50", "$5", "1,000", or "5,50" with a decimal comma."""
    cleaned = re.sub(r"[\s$€£]", "", text or "")
    if re.fullmatch(r"\d+,\d{1,2}", cleaned):
        cleaned = cleaned.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{1,2})?", cleaned):
        cleaned = cleaned.replace(",", "")
    if not re.fullmatch(r"\d{1,7}(\.\d{1,2})?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _choose_one_of(labels: list[str]) -> str:
    """ "Choose monthly, one-off or annual." """
    *others, last = [label.lower() for label in labels]
    return f"Choose {', '.join(others)} or {last}."


def attribution_prompt(value) -> str:
    """The prompt key a link or form names, or "" when it is not one.

    Attribution travels in hidden inputs the reader cannot see or fix, so anything odd is
    dropped rather than refused: the gift matters more than knowing which ask brought it.
    """
    return value if isinstance(value, str) and PROMPT_PATTERN.fullmatch(value) else ""


def attribution_article(value) -> int | None:
    """The published article a link or form names, or None (dropped, like a bad prompt)."""
    if not isinstance(value, str) or not ARTICLE_ID_PATTERN.fullmatch(value):
        return None
    article_id = int(value)
    if article_id < 1 or not Article.objects.published().filter(pk=article_id).exists():
        return None
    return article_id


class SupportForm(forms.Form):
    """How much, how often, in which currency. Field names match the page's deep links."""

    frequency = forms.ChoiceField(choices=Frequency.choices, widget=forms.RadioSelect)
    currency = forms.ChoiceField(choices=currency_choices)
    amount = forms.CharField(max_length=20)
    prompt = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frequency"].error_messages["invalid_choice"] = _choose_one_of(Frequency.labels)
        self.fields["currency"].error_messages["invalid_choice"] = "Choose one of the currencies."
        self.fields["amount"].error_messages["required"] = "Enter an amount, or pick one."

    def clean_amount(self) -> Decimal:
        amount = parse_amount(self.cleaned_data["amount"])
        if amount is None:
            raise forms.ValidationError("Enter an amount like 5 or 5.50.")
        return amount

    def clean_prompt(self) -> str:
        prompt = self.cleaned_data["prompt"]
        return prompt if PROMPT_PATTERN.fullmatch(prompt or "") else ""

    def clean(self):
        data = super().clean()
        frequency, currency, amount = (data.get(k) for k in ("frequency", "currency", "amount"))
        if frequency and currency and amount is not None:
            frequency = Frequency(frequency)
            data["frequency"] = frequency
            minimum, maximum = gift_limits(currency=currency, frequency=frequency)
            if amount != amount.quantize(Decimal(1).scaleb(-reader_decimals(currency))):
                self.add_error(
                    "amount",
                    f"Amounts in {currency.upper()} are whole numbers: enter one like "
                    f"{minimum.to_integral_value(rounding=ROUND_CEILING)}.",
                )
            elif amount < minimum:
                self.add_error(
                    "amount",
                    f"The smallest {frequency.noun} is {format_money_major(minimum, currency)}.",
                )
            elif amount > maximum:
                self.add_error(
                    "amount",
                    "The largest gift we can take online is "
                    f"{format_money_major(maximum, currency)}. Please get in touch for larger "
                    "gifts.",
                )
            else:
                data["amount_minor"] = to_minor_units(amount, currency)
        return data


class ManageForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Enter the email address you gave with your gift.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )
