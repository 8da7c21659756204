"""Pausing all asks until a time (a day of tragedy), and Editors and Fundraising may do it. As
0011: the roles are listed once, in articles' 0005_roles.ROLES, and applying them again adds
what was added there since."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from importlib import import_module

from django.db import migrations, models

roles = import_module("articles.migrations.0005_roles")


class Migration(migrations.Migration):

    dependencies = [
        ('donations', '0014_webhook_events_claimed_in_batches'),
        ('articles', '0005_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AsksPause',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('until', models.DateTimeField(help_text='Asks come back at this time, by themselves.')),
                ('reason', models.CharField(help_text='For the newsroom, not readers: why the asks are paused.', max_length=200)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('ended_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='asks_pauses', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'pause of all asks',
                'verbose_name_plural': 'pauses of all asks',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.RunPython(roles.roles_create, migrations.RunPython.noop),
    ]
