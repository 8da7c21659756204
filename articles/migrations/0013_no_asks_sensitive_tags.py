
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_fundraising_sees_gift_changes'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='no_asks',
            field=models.BooleanField(default=False, help_text='No banner and no appeal on this story, only the footer’s plain “Support us” link. Stories with a sensitive tag are treated so anyway.', verbose_name='No asks on this story'),
        ),
        migrations.AddField(
            model_name='tag',
            name='sensitive',
            field=models.BooleanField(default=False, help_text='A death, a disaster: stories with this tag, and its own page, ask readers for nothing (only the footer’s plain “Support us” link).'),
        ),
    ]
