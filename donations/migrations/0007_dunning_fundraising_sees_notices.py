"""Fundraising sees the notices donors were sent (Donor notices), as it sees their gifts.

The roles are created by articles' 0005_roles, before this model existed; its permission is
created here first, as 0005 creates its own."""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations


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
        Permission.objects.get(content_type__app_label="donations", codename="view_donornotice")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_roles"),
        ("donations", "0006_dunning_notices_schedule"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
