# The app starts empty; its models arrive in the following migrations.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("projects", "0007_participation_constraints"),
    ]

    operations = []
