from django.db import migrations

# The tray search runs Django's `icontains`, which PostgreSQL receives as
# UPPER(column) LIKE UPPER('%word%'): the trigram indexes are on that very expression,
# or the planner could never use them.
TRIGRAM_INDEXES = {
    "case_subject_trgm_idx": "UPPER(subject::text)",
    "case_description_trgm_idx": "UPPER(description::text)",
}


def create_trigram_indexes(apps, schema_editor):
    # PostgreSQL only: SQLite (local runs) searches without them.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON cases_case "
            f"USING gin ({expression} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    # The extension stays: other database objects may rely on it.
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_tray_sort_indexes")]

    operations = [
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False)
    ]
