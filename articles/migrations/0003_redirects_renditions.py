import django.db.models.deletion
from django.db import migrations, models

import articles.images


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleRedirect",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("published_on", models.DateField()),
                ("slug", models.SlugField(max_length=200)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="old_addresses",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("published_on", "slug"), name="article_redirect_unique_address"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="lead_image_renditions",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="author",
            name="photo_renditions",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AlterField(
            model_name="article",
            name="lead_image",
            field=models.ImageField(
                blank=True,
                height_field="lead_image_height",
                upload_to="lead-images/%Y/%m/",
                validators=[articles.images.validate_photo],
                width_field="lead_image_width",
            ),
        ),
        migrations.AlterField(
            model_name="author",
            name="photo",
            field=models.ImageField(
                blank=True,
                help_text="A portrait; it is shown cropped to a square.",
                upload_to="authors/",
                validators=[articles.images.validate_photo],
            ),
        ),
    ]
