"""The agents' search (the admin's case list) uses indexes.

- The search document (migration 0008) also holds the words of the seller's answers
  (their shown text: order numbers, SKUs, couriers...), and is computed again when the
  answers change. The documents already there are computed again.
- A GIN index on the document alone: the sellers' indexes start with the seller, the
  agents search every seller's cases.
- The trigram index on the subject goes: only the old agents' search used it.
"""

from django.db import migrations

CONFIG = "cases_search"
ANSWERS = (
    "coalesce((SELECT string_agg(answer->>'display', ' ') "
    "FROM jsonb_array_elements(NEW.answers) AS answer), '')"
)
DOCUMENT = (
    f"to_tsvector('{CONFIG}', coalesce(NEW.subject, '') || ' ' || "
    f"coalesce(NEW.description, '') || ' ' || {ANSWERS})"
)
OLD_DOCUMENT = (
    f"to_tsvector('{CONFIG}', coalesce(NEW.subject, '') || ' ' || coalesce(NEW.description, ''))"
)


def _trigger(execute, document: str, columns: str) -> None:
    execute(
        f"""
        CREATE OR REPLACE FUNCTION cases_case_search_document() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search_document := {document};
          RETURN NEW;
        END $$
        """
    )
    execute("DROP TRIGGER IF EXISTS cases_case_search_document ON cases_case")
    execute(
        "CREATE TRIGGER cases_case_search_document "
        f"BEFORE INSERT OR UPDATE OF {columns} ON cases_case "
        "FOR EACH ROW EXECUTE FUNCTION cases_case_search_document()"
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    _trigger(execute, DOCUMENT, "subject, description, answers, search_document")
    execute("UPDATE cases_case SET search_document = NULL")
    execute(
        "CREATE INDEX IF NOT EXISTS case_agent_search_idx ON cases_case "
        "USING gin (search_document)"
    )
    execute("DROP INDEX IF EXISTS case_subject_trgm_idx")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("DROP INDEX IF EXISTS case_agent_search_idx")
    execute(
        "CREATE INDEX IF NOT EXISTS case_subject_trgm_idx ON cases_case "
        "USING gin (UPPER(subject::text) gin_trgm_ops)"
    )
    _trigger(execute, OLD_DOCUMENT, "subject, description, search_document")
    execute("UPDATE cases_case SET search_document = NULL")


class Migration(migrations.Migration):
    dependencies = [("cases", "0020_desk")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
