from django.db import migrations, models


def keep_passing_failures_retryable(apps, schema_editor):
    """Documents that failed for a passing reason (an unexpected error) stay retryable."""
    documents = apps.get_model("articles", "ImportDocument").objects
    documents.filter(state="failed", message__startswith="unexpected error").exclude(
        data=None
    ).update(retryable=True)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_versions_and_theme_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="importdocument",
            name="retryable",
            field=models.BooleanField(
                default=False, help_text="It failed for a passing reason; its bytes are kept."
            ),
        ),
        migrations.RunPython(keep_passing_failures_retryable, migrations.RunPython.noop),
    ]
