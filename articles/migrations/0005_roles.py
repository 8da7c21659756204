"""The newsroom's roles as groups: Writer, Editor, Fundraising (see README, "Editors and roles").

Permissions are normally created after all migrations have run (post_migrate), so on a fresh
database they do not exist yet here: they are created first, for the apps the roles use.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

ROLES = {
    "Writer": [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_byline",
        "articles.view_author",
        "articles.view_section",
        "articles.view_tag",
    ],
    "Editor": [
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.view_article",
        "articles.publish_article",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_byline",
        "articles.add_author",
        "articles.change_author",
        "articles.view_author",
        "articles.add_section",
        "articles.change_section",
        "articles.view_section",
        "articles.add_tag",
        "articles.change_tag",
        "articles.view_tag",
        "articles.view_articleredirect",
        "donations.view_giving_dashboard",
        # Pausing all asks on a day of tragedy (granted to existing databases by donations'
        # 0015_asks_pause).
        "donations.add_askspause",
        "donations.change_askspause",
        "donations.view_askspause",
    ],
    "Fundraising": [
        "donations.view_donation",
        "donations.view_donor",
        "donations.view_recurringdonation",
        "donations.view_giving_dashboard",
        "donations.add_prompt",
        "donations.change_prompt",
        "donations.view_prompt",
        # Failed Stripe events: see them, and replay them (the admin's replay action needs
        # "change"; every field of an event is read-only). Granted to existing databases by
        # 0008_fundraising_replays_webhook_events.
        "donations.view_webhookevent",
        "donations.change_webhookevent",
        # Changes to recurring gifts (granted to existing databases by
        # 0012_fundraising_sees_gift_changes).
        "donations.view_giftchange",
        # The notices donors were sent (granted to existing databases by donations'
        # 0007_dunning_fundraising_sees_notices).
        "donations.view_donornotice",
        # Campaigns (granted to existing databases by donations' 0011_fundraising_runs_campaigns).
        "donations.add_campaign",
        "donations.change_campaign",
        "donations.view_campaign",
        # Pausing all asks (granted to existing databases by donations' 0015_asks_pause).
        "donations.add_askspause",
        "donations.change_askspause",
        "donations.view_askspause",
    ],
}


def roles_create(apps, schema_editor):
    for label in ("auth", "contenttypes", "articles", "donations"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_contenttypes(config, verbosity=0, apps=apps)
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            # A model a later migration adds has no permission yet when this first runs; that
            # migration grants it (by calling this again), so it is skipped here, not refused.
            if permission is not None:
                group.permissions.add(permission)


def roles_remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_authorship_corrections"),
        ("donations", "0003_dashboard_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(roles_create, roles_remove)]
