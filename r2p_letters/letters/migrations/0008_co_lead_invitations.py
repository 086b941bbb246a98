"""Co-leads are invited and accept: an invitation per letter and organization, with its answer.

The organizations that co-lead a letter today keep doing so: each gets an invitation marked accepted (on the
original of the letter's language versions, which every invitation names).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def existing_co_leads_accepted(apps, schema_editor):
    Letter = apps.get_model("letters", "Letter")
    CoLeadInvitation = apps.get_model("letters", "CoLeadInvitation")
    now = django.utils.timezone.now()
    pairs = {(letter_id if original_id is None else original_id, organization_id)
             for letter_id, original_id, organization_id
             in Letter.co_leads.through.objects.values_list("letter_id", "letter__original", "organization_id")}
    CoLeadInvitation.objects.bulk_create(
        CoLeadInvitation(letter_id=letter_id, organization_id=organization_id, status="accepted", invited_at=now,
                         answered_at=now) for letter_id, organization_id in sorted(pairs))


def invitations_forgotten(apps, schema_editor):
    """Going back, the co-leads stay (they are Letter.co_leads); only the invitations go, with the table."""


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0007_letter_print_version'),
        ('organizations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CoLeadInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', 'Waiting for an answer'), ('accepted', 'Accepted'), ('declined', 'Declined')], db_index=True, default='pending', max_length=10, verbose_name='status')),
                ('invited_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='invited')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered')),
                ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='invited by')),
                ('letter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='co_lead_invitations', to='letters.letter')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.organization', verbose_name='organization')),
            ],
            options={
                'verbose_name': 'co-lead invitation',
                'verbose_name_plural': 'co-lead invitations',
                'ordering': ['-invited_at', '-id'],
                'constraints': [models.UniqueConstraint(fields=('letter', 'organization'), name='one_co_lead_invitation_per_organization')],
            },
        ),
        migrations.RunPython(existing_co_leads_accepted, invitations_forgotten),
    ]
