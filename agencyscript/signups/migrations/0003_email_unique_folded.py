# The constraints come in their own migration (their own transaction on PostgreSQL), after the
# data migration of 0002 has merged case variants.

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("signups", "0002_one_row_per_address"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='newslettersubscription',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), name='newsletter_email_unique_folded'),
        ),
        migrations.AddConstraint(
            model_name='waitlistentry',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), name='waitlist_email_unique_folded'),
        ),
        ]
