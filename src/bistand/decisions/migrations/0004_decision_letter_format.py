from django.db import migrations, models


class Migration(migrations.Migration):
    """Record each decision's letter format (decisions.letter_formats). Every letter stored
    before this was made with format 1; new decisions get the current format."""

    dependencies = [
        ("decisions", "0003_letter_details"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="letter_format",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="decision",
            name="letter_format",
            field=models.PositiveSmallIntegerField(default=2),
        ),
    ]
