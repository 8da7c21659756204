"""What a prompt's copy may say about the figures: placeholders such as {goal}, checked when an
editor saves a prompt and filled when a page shows it, so the words and the meter beneath them
never disagree (a cost typed into the headline stays behind when the goal changes)."""

from string import Formatter

# Name: what it becomes. Shown to editors in the field's help text and in every error.
PLACEHOLDERS = {
    "goal": "the monthly goal, as money ($18,000)",
    "covered": "how much of it this month's gifts cover, as money",
    "percent": "that share of the goal as a whole number, without the % sign",
    "site_name": "the site's name",
    "raised": "what a campaign has raised so far, as money",
    "days_left": "the days a campaign has left, counting today, as a whole number",
    "match_left": "what is left of a campaign's match, as money ($0 once it is used up)",
    "matched": "what the sponsor's match adds so far, as money",
    "sponsor": "the name of a campaign's sponsor",
}
# The ones that come from the goal figure: a prompt without a goal has nothing to put there
# (with a campaign, the goal is the campaign's and {covered} is what it raised).
FIGURES = frozenset({"goal", "covered", "percent"})
# The ones only a campaign fills, and of those the ones only a campaign with a match fills.
CAMPAIGN_FIGURES = frozenset({"raised", "days_left"})
MATCH_FIGURES = frozenset({"match_left", "matched", "sponsor"})
ALLOWED = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
HELP_TEXT = (
    f"May show the figures: {ALLOWED}; {{{{ and }}}} for a brace itself. "
    "The meter's figures need a monthly goal or a campaign; {raised} and {days_left} a "
    "campaign; {match_left}, {matched} and {sponsor} a campaign with a match."
)


def placeholders_used(text: str) -> tuple[set[str], list[str]]:
    """The placeholders in `text`, and what is wrong with it, in the words an editor sees.

    A field with a format spec or conversion ({goal:>9}, {goal!r}) is refused like an unknown
    name: copy is words, not a formatting language."""
    try:
        fields = [
            (name, conversion, spec)
            for _, name, spec, conversion in Formatter().parse(text or "")
            if name is not None
        ]
    except ValueError:
        return set(), [
            f"A “{{” or “}}” without its pair. The placeholders are {ALLOWED}; "
            "write {{ or }} for a brace itself."
        ]
    used, problems = set(), []
    for name, conversion, spec in fields:
        if name in PLACEHOLDERS and not conversion and not spec:
            used.add(name)
            continue
        written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        problems.append(f"Unknown placeholder {{{written}}}. The placeholders are {ALLOWED}.")
    return used, problems


def placeholders_fill(text: str, values: dict[str, str]) -> str:
    """`text` with its placeholders replaced by `values`; copy stored before it was checked
    (or naming a value not given) is shown as it was written rather than breaking the page."""
    used, problems = placeholders_used(text)
    if problems or not used <= values.keys():
        return text
    return "".join(
        literal + (values[name] if name is not None else "")
        for literal, name, _, _ in Formatter().parse(text)
    )


def figures_missing(used: set[str], *, goal: bool, campaign: bool, match: bool) -> list[str]:
    """The placeholders of `used` that copy could not fill, as an editor reads them: the goal's
    without a goal (a monthly goal or a campaign), a campaign's without one, a match's without
    a match."""
    missing = set()
    if not goal:
        missing |= used & FIGURES
    if not campaign:
        missing |= used & CAMPAIGN_FIGURES
    if not match:
        missing |= used & MATCH_FIGURES
    return sorted(missing)
