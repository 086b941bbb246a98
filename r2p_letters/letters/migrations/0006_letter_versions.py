"""Parallel versions: a translation points at its original; one version per language, one authoritative.

Every existing letter is an original and its own authoritative text (the field's default).
"""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0005_letter_template_organization'),
    ]

    operations = [
        migrations.AddField(
            model_name='letter',
            name='is_authoritative',
            field=models.BooleanField(default=True, help_text='The version whose text prevails; exactly one per letter and its translations.', verbose_name='authoritative text'),
        ),
        migrations.AddField(
            model_name='letter',
            name='original',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='letters.letter', verbose_name='translation of'),
        ),
        migrations.AddConstraint(
            model_name='letter',
            constraint=models.UniqueConstraint(django.db.models.functions.comparison.Cast(django.db.models.functions.comparison.Coalesce('original', 'id'), models.BigIntegerField()), models.F('language'), name='one_version_per_language'),
        ),
        migrations.AddConstraint(
            model_name='letter',
            constraint=models.UniqueConstraint(django.db.models.functions.comparison.Cast(django.db.models.functions.comparison.Coalesce('original', 'id'), models.BigIntegerField()), condition=models.Q(('is_authoritative', True)), name='one_authoritative_version'),
        ),
        migrations.AddConstraint(
            model_name='letter',
            constraint=models.CheckConstraint(condition=models.Q(('original', models.F('id')), _negated=True), name='not_its_own_translation'),
        ),
    ]
