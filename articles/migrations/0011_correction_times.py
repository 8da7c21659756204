"""Corrections saved without their time (before articles.models.Article.save gave every
correction one) take the article's last change as it: the best moment known for them."""

from django.db import migrations
from django.db.models import F


def corrections_timed(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.exclude(correction="").filter(corrected_at__isnull=True).update(
        corrected_at=F("updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_desk_review_requested"),
    ]

    operations = [
        migrations.RunPython(corrections_timed, migrations.RunPython.noop, elidable=True),
    ]
