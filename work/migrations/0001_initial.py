"""The quality calendar's, notifications' and reminders' models move here from the actions app, rows and all.

The tables stay where they are: this migration only tells Django's state that the models now belong to `work`
(still on the actions_* tables); 0002 then renames the tables and moves the content types.
"""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import work.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("actions", "0005_action_created_by_optional"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orgs", "0002_activity_field_labels_unit_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
                    name='CalendarFeed',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(default=work.models.new_feed_token, editable=False, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_feeds', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'actions_calendarfeed',
                        'verbose_name': 'calendar feed',
                        'verbose_name_plural': 'calendar feeds',
                        'constraints': [models.UniqueConstraint(condition=models.Q(('revoked_at__isnull', True)), fields=('user',), name='calendar_feed_one_active_per_user')],
                    },
                ),
                migrations.CreateModel(
                    name='Milestone',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('kind', models.CharField(choices=[('training', 'Training'), ('consultant_visit', 'Consultant visit'), ('internal_audit', 'Internal audit'), ('external_audit', 'External audit'), ('survey_period', 'Survey period'), ('management_review', 'Management review'), ('certificate_expiry', 'Certificate expiry'), ('custom', 'Other event')], default='custom', max_length=32, verbose_name='kind')),
                        ('title', models.CharField(max_length=255, verbose_name='title')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('start_date', models.DateField(verbose_name='start date')),
                        ('end_date', models.DateField(blank=True, help_text='Leave empty for a one-day event.', null=True, verbose_name='end date')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('org', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='orgs.organisation')),
                        ('responsible', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='responsible_milestones', to=settings.AUTH_USER_MODEL, verbose_name='responsible person')),
                        ('service', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='milestones', to='orgs.service', verbose_name='service')),
                        ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='milestones', to='orgs.unit', verbose_name='unit')),
                    ],
                    options={
                        'db_table': 'actions_milestone',
                        'verbose_name': 'milestone',
                        'verbose_name_plural': 'milestones',
                        'ordering': ['start_date', 'id'],
                        'indexes': [models.Index(fields=['org', 'start_date'], name='milestone_org_start')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='milestone_end_not_before_start', violation_error_message='The end date cannot be before the start date.')],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('verb', models.CharField(max_length=32)),
                        ('target_id', models.CharField(blank=True, max_length=64)),
                        ('target_url', models.CharField(blank=True, max_length=500)),
                        ('target_title', models.CharField(blank=True, max_length=255)),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('org', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='orgs.organisation')),
                        ('target_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'actions_notification',
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['user', 'read_at'], name='notification_user_unread')],
                    },
                ),
                migrations.CreateModel(
                    name='ReminderLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('item_key', models.CharField(max_length=200)),
                        ('sent_on', models.DateField()),
                        ('overdue', models.BooleanField(default=False)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'actions_reminderlog',
                        'verbose_name': 'reminder sent',
                        'verbose_name_plural': 'reminders sent',
                        'constraints': [models.UniqueConstraint(fields=('user', 'item_key', 'sent_on'), name='reminder_once_per_item_per_day')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
