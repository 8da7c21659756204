"""Demo prompts for `seed_demo`: the two asks of our reference page, in our own words. The copy
names the figures with placeholders ({goal}, {percent}), so changing the goal changes the words."""

from donations.frequencies import Frequency
from donations.models import Prompt

DEMO_PROMPTS = [
    {
        "key": "ad-free-banner",
        "placement": Prompt.Placement.BANNER,
        "headline": "We went ad-free. Keeping it that way costs {goal} a month.",
        "body": (
            "Readers who enjoy {site_name} without trackers or pop-ups cover that bill "
            "together: {percent}% of it so far this month."
        ),
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
            "Dear reader,\n\nEverything {site_name} publishes is free to read, with no ads "
            "and no paywall. That only works because some of the people who read us chip in "
            "each month.\n\n"
            "A small monthly gift lets us plan the next investigation instead of chasing the "
            "next advertiser. If you can, join them today."
        ),
        "call_to_action": "Give monthly",
        "default_frequency": Frequency.MONTHLY,
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
