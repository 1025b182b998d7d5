from django.db import migrations, models


class Migration(migrations.Migration):
    """Letter format 5 (decisions.letter_formats): the appeal section also cites socialtjänstlagen
    (2025:400) 35 kap. 1 §. Stored letters keep their format and text (ADR 0295)."""

    dependencies = [
        ("decisions", "0015_first_outcome_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="decision",
            name="letter_format",
            field=models.PositiveSmallIntegerField(default=5),
        ),
    ]
