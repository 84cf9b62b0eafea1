"""The sellers' search over their customer requests reads only their own entries of a
word (customers/search.py), as the cases' search does (cases migration 0021).

Migration 0002 indexed (seller, document) with btree_gin: a word's list in the index held
every seller's requests, and a search intersected it with the seller's. For a common word
("cafetera", 125,000 requests at a million) the list outgrew the search's memory, turned
into whole pages to check again, and the largest seller's count read 34,000 pages of the
table (~200 ms). Now each word of a document carries its seller's id (`1234.cafeter`,
built by the trigger, which also runs when a request changes seller), and a search asks
for the seller's words: a word's list holds that seller's matches only.

PostgreSQL only; every document is rebuilt (about 2 minutes at a million requests), with
the index dropped meanwhile and built again after.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

CONFIG = "customers_search"
INDEX = "custreq_search_idx"
FIELDS = ("external_id", "buyer_name", "order_number", "product_sku", "product_title", "summary")
TEXT = " || ' ' || ".join(f"coalesce(NEW.{field}, '')" for field in FIELDS)
SHARED = f"to_tsvector('{CONFIG}', {TEXT})"
PER_SELLER = (
    "(SELECT coalesce(array_to_tsvector(array_agg(NEW.seller_id || '.' || lexeme)), "
    f"''::tsvector) FROM unnest(to_tsvector('{CONFIG}', {TEXT})))"
)


def rebuild(apps, schema_editor, *, document: str, trigger_columns: tuple[str, ...]):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(f"DROP INDEX IF EXISTS {INDEX}")
    execute(
        f"""
        CREATE OR REPLACE FUNCTION customers_request_search_document() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search_document := {document};
          RETURN NEW;
        END $$
        """
    )
    execute("DROP TRIGGER IF EXISTS customers_request_search_document ON customers_customerrequest")
    execute(
        "CREATE TRIGGER customers_request_search_document "
        f"BEFORE INSERT OR UPDATE OF {', '.join(trigger_columns)} "
        "ON customers_customerrequest FOR EACH ROW "
        "EXECUTE FUNCTION customers_request_search_document()"
    )
    execute("UPDATE customers_customerrequest SET search_document = NULL")  # the trigger
    request = apps.get_model("customers", "CustomerRequest")
    schema_editor.add_index(request, GinIndex(fields=["seller", "search_document"], name=INDEX))


def per_seller(apps, schema_editor):
    rebuild(
        apps,
        schema_editor,
        document=PER_SELLER,
        trigger_columns=(*FIELDS, "search_document", "seller_id"),
    )


def shared(apps, schema_editor):
    rebuild(apps, schema_editor, document=SHARED, trigger_columns=(*FIELDS, "search_document"))


class Migration(migrations.Migration):
    dependencies = [("customers", "0003_kind_sort_idx")]

    operations = [migrations.RunPython(per_seller, shared, elidable=False)]
