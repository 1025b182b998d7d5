from django.db import migrations, models


class Migration(migrations.Migration):
    """Letter format 6 (decisions.letter_formats): a decision with a post of bistånd utöver
    (12 kap. 2 §) says that that part cannot be appealed to förvaltningsrätten, only tried for
    its legality (kommunallagen 13 kap.). Stored letters keep their format and text (ADR 0310)."""

    dependencies = [
        ("decisions", "0016_letter_format_5"),
    ]

    operations = [
        migrations.AlterField(
            model_name="decision",
            name="letter_format",
            field=models.PositiveSmallIntegerField(default=6),
        ),
    ]
