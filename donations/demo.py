"""Demo prompts for `seed_demo`: the two asks of our reference page, in our own words."""

from donations.models import Prompt

DEMO_PROMPTS = [
    {
        "key": "ad-free-banner",
        "placement": Prompt.Placement.BANNER,
        "headline": "We went ad-free. Keeping it that way costs $18,000 a month.",
        "body": "Readers who enjoy the site without trackers or pop-ups cover that bill together.",
        "call_to_action": "Support us",
        "monthly_goal": 18000,
        "goal_currency": "usd",
        "priority": 10,
        "snooze_days": 7,
        "hide_days": 1,
    },
    {
        "key": "article-end-letter",
        "placement": Prompt.Placement.ARTICLE_END,
        "headline": "Before you go: this story was paid for by readers",
        "body": (
            "Dear reader,\n\nEverything we publish is free to read, with no ads and no paywall. "
            "That only works because some of the people who read us chip in each month.\n\n"
            "A small monthly gift lets us plan the next investigation instead of chasing the "
            "next advertiser. If you can, join them today."
        ),
        "call_to_action": "Give monthly",
        "default_frequency": Prompt.Frequency.MONTHLY,
        "priority": 10,
        "snooze_days": 7,
        "hide_days": 1,
    },
]


def prompts_seed() -> int:
    """Create the demo prompts that do not exist yet (matched by key); returns how many."""
    created = 0
    for data in DEMO_PROMPTS:
        _, made = Prompt.objects.get_or_create(key=data["key"], defaults=data)
        created += made
    return created
