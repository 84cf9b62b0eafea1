"""The sellers' word search becomes a full-text search (cases/search.py).

Every database gets the column `search_document`. On PostgreSQL only (SQLite, for local
runs, searches the text without an index and leaves the column empty):
- a text search configuration `cases_search`: PostgreSQL's Spanish one, with accents
  dropped (unaccent) before the Spanish stemmer;
- a trigger that computes the document from the subject and description whenever a case
  is written (whatever else is written to the column is replaced), and the documents of
  the cases already there;
- GIN indexes on (seller, document), so a seller's search reads only that seller's
  entries and a match needs no second look at the row: one for all the cases, and one
  for the cases of each other tray (open, waiting on the seller, closed), partial with
  exactly that tray's statuses. Without them PostgreSQL intersects the seller's matches
  with every seller's cases in those statuses (100,000 waiting, 300,000 open at a
  million cases), which costs more than the search itself;
- the trigram index on the description goes: only the old search used it. The one on
  the subject stays for the agents' search in the admin.
"""

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations
from django.db.models import Q

CONFIG = "cases_search"
# Index name → the statuses of its tray (cases.trays), None for all the cases.
INDEXES = {
    "case_search_idx": None,
    "case_search_open_idx": ("open", "in_progress", "waiting_on_seller", "reopened"),
    "case_search_waiting_idx": ("waiting_on_seller",),
    "case_search_closed_idx": ("resolved", "closed"),
}
DOCUMENT = (
    f"to_tsvector('{CONFIG}', coalesce(NEW.subject, '') || ' ' || coalesce(NEW.description, ''))"
)


def create_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    execute(
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.spanish);
            ALTER TEXT SEARCH CONFIGURATION {CONFIG}
              ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
          END IF;
        END $$
        """
    )
    execute(
        f"""
        CREATE OR REPLACE FUNCTION cases_case_search_document() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search_document := {DOCUMENT};
          RETURN NEW;
        END $$
        """
    )
    execute(
        "CREATE TRIGGER cases_case_search_document "
        "BEFORE INSERT OR UPDATE OF subject, description, search_document ON cases_case "
        "FOR EACH ROW EXECUTE FUNCTION cases_case_search_document()"
    )
    # The cases already there: the trigger computes each document.
    execute("UPDATE cases_case SET search_document = NULL")
    case = apps.get_model("cases", "Case")
    for name, statuses in INDEXES.items():
        condition = Q(status__in=statuses) if statuses else None
        schema_editor.add_index(
            case, GinIndex(fields=["seller", "search_document"], name=name, condition=condition)
        )
    execute("DROP INDEX IF EXISTS case_description_trgm_idx")


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    for name in INDEXES:
        execute(f"DROP INDEX IF EXISTS {name}")
    execute("DROP TRIGGER IF EXISTS cases_case_search_document ON cases_case")
    execute("DROP FUNCTION IF EXISTS cases_case_search_document()")
    execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
    execute(
        "CREATE INDEX IF NOT EXISTS case_description_trgm_idx ON cases_case "
        "USING gin (seller_id, UPPER(description::text) gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_index_shapes")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search document"
            ),
        ),
        migrations.RunPython(create_search, drop_search, elidable=False),
    ]
