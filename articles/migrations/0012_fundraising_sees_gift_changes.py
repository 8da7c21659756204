"""Fundraising sees the changes donors make to recurring gifts (see README, "Editors and
roles"). As 0008: the roles are listed once, in 0005_roles.ROLES, and applying them again adds
what was added there since."""

from importlib import import_module

from django.db import migrations

roles = import_module("articles.migrations.0005_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_correction_times"),
        ("donations", "0009_gift_changes"),
    ]

    operations = [migrations.RunPython(roles.roles_create, migrations.RunPython.noop)]
