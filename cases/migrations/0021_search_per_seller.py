"""The word search reads only the seller's own entries of a word (cases/search.py).

Migration 0008 indexed (seller, document) with btree_gin: the index keeps one list of
cases per word for all sellers together, and one per seller, and a search intersects
them. For the largest seller (110,000 cases) and a common word, that is a list of
41,000 cases read in full and intersected with one of 110,000, at every page and for the
count as well: 29-68 ms p95 at a million cases (docs/benchmarks.md).

Now each word of a case's document carries its seller's id (`1234.etiquet`, built by the
trigger), and the searches ask for the seller's words (`'1234.etiquet':*`): a word's
list in the index holds only that seller's matching cases. The indexes keep the seller
as their first column (btree_gin), so a match needs no second look at the row, and stay
partial per tray. The trigger also runs when a case changes seller.

On PostgreSQL only; every document is rebuilt (about 2 minutes at a million cases, like
0008), with the indexes dropped meanwhile and built again after.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations
from django.db.models import Q

CONFIG = "cases_search"
INDEXES = {
    "case_search_idx": None,
    "case_search_open_idx": ("open", "in_progress", "waiting_on_seller", "reopened"),
    "case_search_waiting_idx": ("waiting_on_seller",),
    "case_search_closed_idx": ("resolved", "closed"),
}
TEXT = "coalesce(NEW.subject, '') || ' ' || coalesce(NEW.description, '')"
PER_SELLER = (
    "(SELECT coalesce(array_to_tsvector(array_agg(NEW.seller_id || '.' || lexeme)), "
    f"''::tsvector) FROM unnest(to_tsvector('{CONFIG}', {TEXT})))"
)
SHARED = f"to_tsvector('{CONFIG}', {TEXT})"


def document_function(document: str) -> str:
    return f"""
        CREATE OR REPLACE FUNCTION cases_case_search_document() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search_document := {document};
          RETURN NEW;
        END $$
        """


def rebuild(apps, schema_editor, *, document: str, trigger_columns: str):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    for name in INDEXES:
        execute(f"DROP INDEX IF EXISTS {name}")
    execute(document_function(document))
    execute("DROP TRIGGER IF EXISTS cases_case_search_document ON cases_case")
    execute(
        "CREATE TRIGGER cases_case_search_document "
        f"BEFORE INSERT OR UPDATE OF {trigger_columns} ON cases_case "
        "FOR EACH ROW EXECUTE FUNCTION cases_case_search_document()"
    )
    execute("UPDATE cases_case SET search_document = NULL")  # the trigger computes each
    case = apps.get_model("cases", "Case")
    for name, statuses in INDEXES.items():
        condition = Q(status__in=statuses) if statuses else None
        schema_editor.add_index(
            case, GinIndex(fields=["seller", "search_document"], name=name, condition=condition)
        )


def per_seller(apps, schema_editor):
    rebuild(
        apps,
        schema_editor,
        document=PER_SELLER,
        trigger_columns="subject, description, search_document, seller_id",
    )


def shared(apps, schema_editor):
    rebuild(
        apps,
        schema_editor,
        document=SHARED,
        trigger_columns="subject, description, search_document",
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0020_eta_promise")]

    operations = [migrations.RunPython(per_seller, shared, elidable=False)]
