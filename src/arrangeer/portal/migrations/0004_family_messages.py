
import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models

FAMILY_ACCOUNTS = ("parent", "youth")


def messages_for_what_was_given(apps, schema_editor):
    """What the family gave before it reached the team: the logbook, their uploads, remarks in
    the questionnaire (moved here from the anonymous answers; their author was never kept) and
    consents they withdrew in the portal. All unread: nobody on the team saw them yet."""
    FamilyMessage = apps.get_model("portal", "FamilyMessage")
    LogbookEntry = apps.get_model("portal", "LogbookEntry")
    SatisfactionAnswer = apps.get_model("portal", "SatisfactionAnswer")
    Attachment = apps.get_model("plans", "Attachment")
    Consent = apps.get_model("consents", "Consent")
    new = []
    for entry in LogbookEntry.objects.all():
        new.append(
            FamilyMessage(
                case_id=entry.case_id,
                kind="logboek",
                category="gezin",
                author_id=entry.author_id,
                given_at=entry.written_at,
                logbook=entry,
            )
        )
    for attachment in Attachment.objects.filter(from_family=True).select_related("plan"):
        new.append(
            FamilyMessage(
                case_id=attachment.plan.case_id,
                kind="bestand",
                category=attachment.category,
                author_id=attachment.uploaded_by_id,
                given_at=attachment.uploaded_at,
                attachment=attachment,
            )
        )
    for answer in SatisfactionAnswer.objects.exclude(remark=""):
        new.append(
            FamilyMessage(
                case_id=answer.case_id,
                kind="opmerking",
                category="gezin",
                given_at=answer.answered_at,
                text=answer.remark,
            )
        )
    for consent in Consent.objects.filter(
        withdrawn_at__isnull=False, withdrawn_by__kind__in=FAMILY_ACCOUNTS
    ):
        new.append(
            FamilyMessage(
                case_id=consent.case_id,
                kind="toestemming_ingetrokken",
                category="gezin",
                author_id=consent.withdrawn_by_id,
                given_at=consent.withdrawn_at,
                consent=consent,
                text=consent.withdrawal_reason,
            )
        )
    FamilyMessage.objects.bulk_create(new)
    SatisfactionAnswer.objects.exclude(remark="").update(remark="")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_list_indexes'),
        ('consents', '0002_parent_sharing'),
        ('plans', '0005_attachment_from_family'),
        ('portal', '0003_child_view_and_satisfaction'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FamilyMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('kind', models.CharField(choices=[('logboek', 'Logbook'), ('bestand', 'File'), ('opmerking', 'Remark in the questionnaire'), ('toestemming_ingetrokken', 'Consent withdrawn')], max_length=30, verbose_name='kind')),
                ('category', models.CharField(choices=[('onderwijs', 'Education'), ('jeugdhulp', 'Youth care'), ('gezondheid', 'Health'), ('gezin', 'Family'), ('veiligheid', 'Safety')], max_length=20, verbose_name='data category')),
                ('given_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='given at')),
                ('text', models.TextField(blank=True, verbose_name='text')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read by the regisseur at')),
                ('attachment', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='plans.attachment')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='given by')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='family_messages', to='cases.case', verbose_name='case')),
                ('consent', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='consents.consent')),
                ('logbook', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='message', to='portal.logbookentry')),
                ('read_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='read by')),
            ],
            options={
                'verbose_name': 'message from the family',
                'verbose_name_plural': 'messages from the family',
                'ordering': ['-given_at', '-pk'],
                'indexes': [models.Index(condition=models.Q(('read_at__isnull', True)), fields=['case'], name='portal_message_unread')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('kind', 'logboek'), ('logbook__isnull', False)), models.Q(('attachment__isnull', False), ('kind', 'bestand')), ('kind', 'opmerking'), models.Q(('consent__isnull', False), ('kind', 'toestemming_ingetrokken')), _connector='OR'), name='portal_message_has_its_source')],
            },
        ),
        migrations.RunPython(messages_for_what_was_given, migrations.RunPython.noop),
    ]
