"""Fundraising runs campaigns as it runs prompts: it adds, changes and sees them.

The roles are created by articles' 0005_roles, before this model existed; its permissions are
created here first, as 0007 does for donor notices."""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

CODENAMES = ["add_campaign", "change_campaign", "view_campaign"]


def grant(apps, schema_editor):
    config = apps.get_app_config("donations")
    config.models_module = True
    create_contenttypes(config, verbosity=0, apps=apps)
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Fundraising")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="donations", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_roles"),
        ("donations", "0010_campaigns"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
