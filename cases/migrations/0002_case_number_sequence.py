from django.db import migrations

from cases.numbering import SEQUENCE, create_sequence_sql


def create_sequence(apps, schema_editor):
    # PostgreSQL only: SQLite (local runs) allocates numbers without a sequence.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(create_sequence_sql())


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(create_sequence, drop_sequence, elidable=False)]
