"""Fundraising sees Stripe's webhook events and replays failed ones (see README, "Editors and
roles"). The roles are listed once, in 0005_roles.ROLES; applying them again adds what was added
there since to databases that ran 0005 before (a permission a group already has is left as it
is). Unapplying leaves the permissions: 0005's own reversal removes the groups.
"""

from importlib import import_module

from django.db import migrations

roles = import_module("articles.migrations.0005_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_lead_image_upright_size"),
        ("donations", "0004_prompt_presets_follow_settings"),
    ]

    operations = [migrations.RunPython(roles.roles_create, migrations.RunPython.noop)]
