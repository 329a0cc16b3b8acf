"""The monitor's facts per module (models.ModuleFact), for the funding and the individual →
collective themes. Empty until `manage.py refresh_monitor` runs (run it once after installing
this version; then nightly), apart from the modules written since."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0012_region_moves'),
        ('children', '0004_legalrepresentative_bsn'),
        ('monitor', '0006_rating_tally'),
        ('organisations', '0006_school_board_functional_admin'),
        ('plans', '0011_module_ended_on'),
        ('routes', '0006_route_regisseur_title'),
    ]

    operations = [
        migrations.CreateModel(
            name='ModuleFact',
            fields=[
                ('municipality', models.CharField(max_length=120, null=True, verbose_name='municipality')),
                ('sector', models.CharField(max_length=10, null=True, verbose_name='sector')),
                ('module', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='monitor_fact', serialize=False, to='plans.module', verbose_name='module')),
                ('function', models.CharField(max_length=20, verbose_name='function')),
                ('place', models.CharField(max_length=20, verbose_name='place')),
                ('funding_framework', models.CharField(max_length=20, verbose_name='funding framework')),
                ('instrument', models.CharField(max_length=20, verbose_name='instrument')),
                ('decision_status', models.CharField(max_length=20, verbose_name='status of the decision')),
                ('start_date', models.DateField(verbose_name='start')),
                ('end_date', models.DateField(verbose_name='end')),
                ('per_week', models.BigIntegerField(null=True, verbose_name='amount per week (1/10,000 euro)')),
                ('in_group', models.BooleanField(verbose_name='place in a group arrangement')),
                ('removed', models.BooleanField(verbose_name='removed')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.case', verbose_name='case')),
                ('child', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='children.child', verbose_name='child')),
                ('provider', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation', verbose_name='provider')),
                ('region', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.region', verbose_name='region')),
                ('route', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='routes.route')),
                ('school', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.organisation', verbose_name='school')),
                ('school_board', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.schoolboard', verbose_name='school board')),
                ('swv', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.organisation', verbose_name='samenwerkingsverband')),
            ],
            options={
                'verbose_name': 'monitor facts of a module',
                'verbose_name_plural': 'monitor facts of modules',
                'indexes': [models.Index(fields=['region', 'start_date'], name='monitor_modulefact_start')],
            },
        ),
    ]
