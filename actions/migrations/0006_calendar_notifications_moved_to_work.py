"""Milestone, Notification, ReminderLog and CalendarFeed now belong to the work app (work/migrations/0001_initial.py).

State only: the tables and their rows stay; work's 0002 renames the tables once nothing here refers to them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0005_action_created_by_optional"),
        ("work", "0001_initial"),
        ("audits", "0003_milestone_moved_to_work"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CalendarFeed"),
                migrations.DeleteModel(name="Milestone"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="ReminderLog"),
            ],
            database_operations=[],
        ),
    ]
