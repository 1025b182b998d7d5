# Case, CaseEvent and CaseNumberSequence move here from `applications` (docs/adr/0090-cases-app.md).
# The tables keep their names (applications_case …), so this migration changes only Django's
# state: nothing is created, copied or renamed in the database.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('applications', '0002_application_named_partner'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='CaseNumberSequence',
                    fields=[
                        ('year', models.PositiveIntegerField(primary_key=True, serialize=False)),
                        ('last', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'applications_casenumbersequence',
                    },
                ),
                migrations.CreateModel(
                    name='Case',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.CharField(max_length=20, unique=True, verbose_name='ärendenummer')),
                        ('opened_at', models.DateTimeField(auto_now_add=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('applicant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases_as_applicant', to=settings.AUTH_USER_MODEL)),
                        ('partner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases_as_partner', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'ärende',
                        'verbose_name_plural': 'ärenden',
                        'db_table': 'applications_case',
                    },
                ),
                migrations.CreateModel(
                    name='CaseEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=30)),
                        ('at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('actor_label', models.CharField(blank=True, max_length=100)),
                        ('data', models.JSONField(blank=True, default=dict)),
                        ('visible_to_citizen', models.BooleanField(default=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('application', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='applications.application')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='cases.case')),
                    ],
                    options={
                        'ordering': ['at', 'pk'],
                        'db_table': 'applications_caseevent',
                        'indexes': [
                            models.Index(fields=['case', 'at'], name='application_case_id_88ff84_idx'),
                            models.Index(fields=['kind', 'at'], name='application_kind_403a00_idx'),
                        ],
                    },
                ),
            ],
        ),
    ]
