"""Fundraising sees the notices donors were sent (Donor notices), as it sees their gifts. As
articles' 0008: the roles are listed once, in articles' 0005_roles.ROLES, and applying them again
adds what was added there since."""

from importlib import import_module

from django.db import migrations

roles = import_module("articles.migrations.0005_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_roles"),
        ("donations", "0006_dunning_notices_schedule"),
    ]

    operations = [migrations.RunPython(roles.roles_create, migrations.RunPython.noop)]
