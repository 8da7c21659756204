import random
import re
from decimal import ROUND_CEILING, Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.forms import LabelledSplitDateTime
from articles.models import Article
from donations.frequencies import Frequency
from donations.giving import (
    fee_cover,
    fee_cover_label,
    gift_limits,
    gift_presets,
    recommended_preset,
    upgrade_offer,
)
from donations.models import AsksPause, Campaign, CancelReason, Prompt
from donations.money import (
    currency_name,
    format_major,
    format_money_major,
    reader_decimals,
    to_major_units,
    to_minor_units,
)
from donations.services.reminders import (
    WHEN_AFTER_GIFT,
    WHEN_LATER,
    month_choices,
    reminder_day,
)

PROMPT_PATTERN = re.compile(r"^[-a-zA-Z0-9_:.]{1,100}$")
# ASCII digits only (str.isdigit() accepts "٣"), and few enough for PostgreSQL's bigint.
ARTICLE_ID_PATTERN = re.compile(r"^[0-9]{1,18}$")
# What the support page preselects when nothing (or nothing valid) says otherwise.
DEFAULT_FREQUENCY = Frequency.MONTHLY


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


def _choose_one_of(labels: list[str]) -> str:
    """ "Choose monthly, one-off or annual." """
    *others, last = [label.lower() for label in labels]
    return f"Choose {', '.join(others)} or {last}."


class OneAmountInput(forms.TextInput):
    """The preset radios and the "other amount" box share the name `amount`, so that links and
    prompts post one field; without JavaScript a reader can leave both filled in. The box comes
    last on the page, so the last amount that is not blank is the one the reader typed."""

    def value_from_datadict(self, data, files, name):
        if not hasattr(data, "getlist"):
            return data.get(name)
        given = [value for value in data.getlist(name) if value.strip()]
        return given[-1] if given else ""


class AttributionField(forms.Field):
    """Which ask (or article) led to a gift: hidden, so the reader could neither see nor fix a
    bad one. It is never an error (the gift matters more than knowing what brought it): what
    `read` does not recognise is dropped, and the page shows it dropped, never echoed."""

    widget = forms.HiddenInput

    def __init__(self, *, read, **kwargs):
        super().__init__(required=False, **kwargs)
        self.read = read

    def to_python(self, value):
        return self.read(value)

    def bound_data(self, data, initial):
        return self.read(data)


class SupportForm(forms.Form):
    """How much, how often, in which currency. Field names match the page's links.

    The form owns every rule about this input: what a reader posts is cleaned (and refused
    with a message they can act on), and what a link asks for is read leniently (from_link).
    The view only asks it what to show.
    """

    frequency = forms.ChoiceField(
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _choose_one_of(Frequency.labels)},
    )
    currency = forms.ChoiceField(
        choices=currency_choices,
        error_messages={"invalid_choice": "Choose one of the currencies."},
    )
    amount = forms.CharField(
        max_length=20,
        widget=OneAmountInput,
        error_messages={"required": "Enter an amount, or pick one."},
    )
    # Off unless the donor ticks it; the figure is made here from the amount, never read from
    # the page (donations.giving.fee_cover).
    cover_fee = forms.BooleanField(required=False)
    prompt = AttributionField(read=attribution_prompt)
    article = AttributionField(read=attribution_article)
    # The currency the page's suggested amounts were shown in. Without JavaScript they stay in
    # it when the reader picks another currency, so "$5" would start a £5 checkout: a
    # suggestion picked in another currency than the one chosen is sent back (see clean).
    amounts_in = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)

    @classmethod
    def from_link(cls, query) -> "SupportForm":
        """The form a link opens, preselected from ?frequency=&amount=&currency=&prompt=
        &article=. A link is not the reader's typing and may be old or mangled, so nothing in
        it is refused: what does not read as ours is left at the default."""
        frequency, currency = _frequency_and_currency(query)
        initial = {"frequency": frequency, "currency": currency}
        amount = parse_amount(query.get("amount", ""))
        presets = gift_presets(currency=currency, frequency=frequency)
        _, maximum = gift_limits(currency=currency, frequency=frequency)
        if amount is not None and 0 < amount <= maximum:
            initial["amount"] = format_major(amount)
        elif presets:
            initial["amount"] = format_major(presets[recommended_preset(presets)])
        if query.get("cover_fee") in ("1", "on", "true"):
            initial["cover_fee"] = True
        if prompt := attribution_prompt(query.get("prompt")):
            initial["prompt"] = prompt
        if article := attribution_article(query.get("article")):
            initial["article"] = article
        return cls(initial=initial)

    def shown(self) -> tuple[Frequency, str, str, Decimal | None]:
        """The frequency and currency whose amounts the page offers, the amount as it stands in
        the form, and that amount where it reads as one (a preset it equals is shown checked;
        anything else stays in the "other amount" box, for the reader to fix)."""
        frequency, currency = _frequency_and_currency(self.data if self.is_bound else self.initial)
        amount = self["amount"].value() or ""
        return frequency, currency, amount, parse_amount(amount)

    def fee_cover_shown(self) -> dict:
        """The fee cover checkbox as the page shows it: its words for the amount in the form
        (recomputed on every page, so correct without JavaScript once the form is sent), and
        whether it is ticked. No words where the currency has no rate: the page hides it."""
        _, currency, _, amount = self.shown()
        label = fee_cover_label(amount=amount, currency=currency)
        return {"label": label, "checked": bool(label and self["cover_fee"].value())}

    def clean_amount(self) -> Decimal:
        amount = parse_amount(self.cleaned_data["amount"])
        if amount is None:
            raise forms.ValidationError("Enter an amount like 5 or 5.50.")
        return amount

    def clean(self):
        data = super().clean()
        frequency, currency, amount = (data.get(k) for k in ("frequency", "currency", "amount"))
        if currency and amount is not None and self._suggestion_in_another_currency(currency):
            self.add_error(
                "amount",
                f"The suggested amounts are now shown in {currency.upper()}. Check your "
                "amount, then continue.",
            )
        elif frequency and currency and amount is not None:
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
                fee = fee_cover(amount=data["amount_minor"], currency=currency)
                data["fee_minor"] = fee if data.get("cover_fee") and fee else 0
        return data

    def _suggestion_in_another_currency(self, currency: str) -> bool:
        """The amount is one of the page's suggestions (the "other amount" box, which comes
        last, is blank), shown in another currency than the one now chosen."""
        shown_in = self.cleaned_data.get("amounts_in", "").lower()
        if not shown_in or shown_in == currency or not hasattr(self.data, "getlist"):
            return False
        given = self.data.getlist("amount")
        return bool(given) and not given[-1].strip()


class UpgradeForm(SupportForm):
    """The answer to the monthly upgrade: the reader's one-off choice as they sent it (hidden
    fields, cleaned again by the support form's rules, so a changed one is refused as any
    other), and which gift they chose: the monthly one offered (`upgrade=monthly`) or their
    one-off (`upgrade=once`). The monthly amount is made again from the one-off
    (donations.giving.upgrade_offer), never read from the page."""

    TAKE, KEEP = Frequency.MONTHLY.value, Frequency.ONCE.value

    upgrade = forms.ChoiceField(
        choices=[(TAKE, "Give monthly"), (KEEP, "Keep my one-off gift")],
        widget=forms.HiddenInput,  # the value of the button pressed, on no page as a field
        error_messages={
            "required": "Choose the monthly gift or your one-off gift.",
            "invalid_choice": "Choose the monthly gift or your one-off gift.",
        },
    )

    @property
    def taken(self) -> bool:
        return self.cleaned_data.get("upgrade") == self.TAKE

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        frequency, currency, amount = data["frequency"], data["currency"], data["amount"]
        if frequency != Frequency.ONCE:
            raise forms.ValidationError(
                "This step is for a one-off gift. Check your gift, then continue."
            )
        if data["upgrade"] != self.TAKE:
            return data
        monthly = upgrade_offer(amount=amount, currency=currency, frequency=frequency)
        if monthly is None:
            raise forms.ValidationError(
                f"We offer no monthly gift instead of a one-off gift of "
                f"{format_money_major(amount, currency)}. Check your gift, then continue."
            )
        data["frequency"] = Frequency.MONTHLY
        data["amount_minor"] = to_minor_units(monthly, currency)
        fee = fee_cover(amount=data["amount_minor"], currency=currency)
        data["fee_minor"] = fee if data.get("cover_fee") and fee else 0
        return data


def _frequency_and_currency(values) -> tuple[Frequency, str]:
    """A frequency and a currency we offer from a link or a form, or the defaults: the currency
    in any case, as people type codes."""
    frequency = values.get("frequency")
    currency = (values.get("currency") or "").lower()
    return (
        Frequency(frequency) if frequency in Frequency.values else DEFAULT_FREQUENCY,
        currency
        if currency in settings.DONATION_CURRENCIES
        else settings.DONATION_DEFAULT_CURRENCY,
    )


class ManageForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Enter the email address you gave with your gift.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )


class ReminderForm(forms.Form):
    """ "Email me a reminder": an address and when. After a one-off gift the choices are
    months ahead (WHEN_AFTER_GIFT); otherwise next week, next month or a month to choose."""

    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Enter the email address for your reminder.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )
    when = forms.ChoiceField(
        label="When should we remind you?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose when we should remind you.",
            "invalid_choice": "Choose when we should remind you.",
        },
    )
    month = forms.ChoiceField(
        label="Month", required=False, error_messages={"invalid_choice": "Choose a month."}
    )

    def __init__(self, *args, after_gift: bool, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if after_gift:
            self.fields["when"].choices = list(WHEN_AFTER_GIFT.items())
            del self.fields["month"]
        else:
            self.fields["when"].choices = [*WHEN_LATER.items(), ("month", "In a month I choose")]
            self.fields["month"].choices = month_choices(today=today)

    def clean(self):
        data = super().clean()
        when = data.get("when")
        if when == "month" and not data.get("month"):
            self.add_error("month", "Choose a month.")
        elif when:
            data["day"] = reminder_day(when=when, month=data.get("month", ""), today=self.today)
        return data


class PresetsWidget(forms.Widget):
    """A prompt's amounts as a grid of boxes, one per currency the site takes and frequency,
    each holding amounts separated by commas ("2, 5, 10"); an empty box shows the site's own
    amounts greyed, which the ask then offers."""

    template_name = "admin/donations/prompt/presets_widget.html"

    def _boxes(self, name: str):
        for currency in settings.DONATION_CURRENCIES:
            for frequency in Frequency:
                yield currency, frequency, f"{name}_{currency}_{frequency.value}"

    def value_from_datadict(self, data, files, name):
        """{currency: {frequency: text typed}} for the boxes that were sent."""
        typed = {}
        for currency, frequency, box in self._boxes(name):
            if box in data:
                typed.setdefault(currency, {})[frequency.value] = data[box]
        return typed

    def value_omitted_from_data(self, data, files, name):
        return not any(box in data for _, _, box in self._boxes(name))

    def render(self, name, value, attrs=None, renderer=None):
        # From the project's templates (the form renderer reads only Django's and apps' own).
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        stored = value if isinstance(value, dict) else {}
        rows = []
        for currency in settings.DONATION_CURRENCIES:
            by_frequency = stored.get(currency)
            by_frequency = by_frequency if isinstance(by_frequency, dict) else {}
            boxes = []
            for frequency in Frequency:
                amounts = by_frequency.get(frequency.value, "")
                site = gift_presets(currency=currency, frequency=frequency.value)
                boxes.append(
                    {
                        "name": f"{name}_{currency}_{frequency.value}",
                        "label": f"{currency_name(currency)}, {frequency.label.lower()} amounts",
                        "value": amounts
                        if isinstance(amounts, str)
                        else ", ".join(str(amount) for amount in amounts or []),
                        "placeholder": ", ".join(format_major(amount) for amount in site),
                    }
                )
            rows.append({"currency": currency_name(currency), "boxes": boxes})
        context["widget"].update(
            {"rows": rows, "frequencies": [frequency.label for frequency in Frequency]}
        )
        return context


class PresetsField(forms.Field):
    """The grid's text as the presets JSON the model keeps. Whether the amounts are ones a
    reader can give is the model's to say (Prompt.clean), as for presets stored any other way."""

    widget = PresetsWidget

    def __init__(self, *, encoder=None, decoder=None, **kwargs):
        # Given by the admin for the model's JSONField, which this field stands in for.
        super().__init__(**kwargs)

    def to_python(self, value):
        if not isinstance(value, dict):
            return {}
        presets = {}
        for currency, by_frequency in value.items():
            for frequency, text in by_frequency.items():
                amounts = [_preset_amount(item) for item in re.split(r"[,;\s]+", text) if item]
                if amounts:
                    presets.setdefault(currency, {})[frequency] = amounts
        return presets

    def has_changed(self, initial, data):
        return (initial or {}) != self.to_python(data)


def _preset_amount(text: str):
    """A whole amount as a number, as presets have always been stored ([2, 5, 10]); any other
    as typed, for Prompt.clean to accept ("2.50") or refuse ("five") with the rest."""
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else text


def currency_field(stored: str, *, label: str, help_text: str) -> forms.ChoiceField:
    """A choice of the currencies the site takes, and the stored one if it no longer does."""
    choices = currency_choices()
    if stored and stored not in dict(choices):
        choices.append((stored, f"{stored.upper()} (no longer taken)"))
    return forms.ChoiceField(choices=choices, label=label, help_text=help_text)


class PromptAdminForm(forms.ModelForm):
    """The prompt's form in the admin: amounts in boxes per currency and frequency, and the
    goal's currency chosen among those the site takes."""

    class Meta:
        model = Prompt
        fields = ["presets", "goal_currency", "starts_at", "ends_at"]
        field_classes = {"presets": PresetsField}
        widgets = {
            "starts_at": LabelledSplitDateTime("Start"),
            "ends_at": LabelledSplitDateTime("End"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "goal_currency" in self.fields:
            self.fields["goal_currency"] = currency_field(
                self.instance.goal_currency,
                label=self.fields["goal_currency"].label,
                help_text="The currency of the goal.",
            )


class CampaignAdminForm(forms.ModelForm):
    """A campaign's form in the admin: its currency chosen among those the site takes, and
    its window in labelled date and time boxes, as a prompt's."""

    class Meta:
        model = Campaign
        fields = ["currency", "starts_at", "ends_at"]
        widgets = {
            "starts_at": LabelledSplitDateTime("Start"),
            "ends_at": LabelledSplitDateTime("End"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "currency" in self.fields:
            field = self.fields["currency"]
            self.fields["currency"] = currency_field(
                self.instance.currency, label=field.label, help_text=field.help_text
            )


RECURRING_FREQUENCIES = [(f.value, f.label) for f in Frequency if f.interval]


class GiftTermsForm(SupportForm):
    """A recurring gift's new amount and frequency, by the support form's rules (limits, the
    currency's decimals), in the gift's own currency, monthly or annual."""

    prompt = None
    article = None

    def __init__(self, data=None, *, recurring, **kwargs):
        currency = recurring.currency
        if data is not None:
            data = {
                "amount": data.get("amount", ""),
                "frequency": data.get("frequency", ""),
                "currency": currency,
            }
        initial = {
            "amount": format_major(to_major_units(recurring.amount, currency)),
            "frequency": recurring.frequency,
            "currency": currency,
        }
        super().__init__(data, initial=initial, **kwargs)
        self.fields["frequency"].choices = RECURRING_FREQUENCIES
        self.fields["frequency"].error_messages["invalid_choice"] = "Choose monthly or annual."
        self.fields["currency"].choices = [(currency, currency_name(currency))]

    @classmethod
    def smaller(cls, *, recurring) -> "GiftTermsForm":
        """The form offered to a donor about to stop for a reason about money: a smaller
        amount filled in, the largest suggested amount below theirs (or the smallest gift)."""
        form = cls(recurring=recurring)
        current = to_major_units(recurring.amount, recurring.currency)
        frequency = recurring.frequency
        minimum, _ = gift_limits(currency=recurring.currency, frequency=frequency)
        below = [
            amount
            for amount in gift_presets(currency=recurring.currency, frequency=frequency)
            if minimum <= amount < current
        ]
        form.initial["amount"] = format_major(max(below) if below else minimum)
        return form


class PauseForm(forms.Form):
    months = forms.TypedChoiceField(
        coerce=int,
        choices=[(1, "1 month"), (2, "2 months"), (3, "3 months")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how long to pause for.",
            "invalid_choice": "Choose 1, 2 or 3 months.",
        },
    )


class CancelForm(forms.Form):
    """Why a donor stops. The reasons are offered in random order, so that none gains by its
    place; `confirmed` is the second click after a reason about money, once a smaller gift has
    been offered."""

    reason = forms.ChoiceField(
        choices=CancelReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the reason closest to yours.",
            "invalid_choice": "Choose one of the reasons listed.",
        },
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = random.sample(CancelReason.choices, len(CancelReason))

    def clean_reason(self) -> CancelReason:
        return CancelReason(self.cleaned_data["reason"])


class RevenueWindowForm(forms.Form):
    """Which of the revenue tables' windows (the dashboard's last 30 or last 90 days) a link
    asks for. Absent means the last 30 days."""

    window = forms.ChoiceField(
        choices=[("30", "Last 30 days"), ("90", "Last 90 days")], required=False
    )

    def clean_window(self) -> str:
        return self.cleaned_data["window"] or "30"


class AsksPauseAdminForm(forms.ModelForm):
    """ "Pause all asks until …": the end's boxes named for screen readers."""

    class Meta:
        model = AsksPause
        fields = ["until", "reason"]
        widgets = {"until": LabelledSplitDateTime("Asks paused until")}
