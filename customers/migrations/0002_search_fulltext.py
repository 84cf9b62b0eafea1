"""The sellers' search over their customer requests (customers/search.py), PostgreSQL only
(SQLite, for local runs, searches the text without an index and leaves the column empty):
a text search configuration `customers_search` (Spanish, accents dropped), a trigger that
computes each request's document from the buyer, the product, the order and the first
message, and a GIN index on (seller, document) so a search reads only that seller's."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

CONFIG = "customers_search"
FIELDS = ("external_id", "buyer_name", "order_number", "product_sku", "product_title", "summary")
DOCUMENT = f"to_tsvector('{CONFIG}', " + " || ' ' || ".join(
    f"coalesce(NEW.{field}, '')" for field in FIELDS
) + ")"


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
        CREATE OR REPLACE FUNCTION customers_request_search_document() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search_document := {DOCUMENT};
          RETURN NEW;
        END $$
        """
    )
    execute(
        "CREATE TRIGGER customers_request_search_document "
        f"BEFORE INSERT OR UPDATE OF {', '.join(FIELDS)}, search_document "
        "ON customers_customerrequest FOR EACH ROW "
        "EXECUTE FUNCTION customers_request_search_document()"
    )
    execute("UPDATE customers_customerrequest SET search_document = NULL")
    request = apps.get_model("customers", "CustomerRequest")
    schema_editor.add_index(
        request, GinIndex(fields=["seller", "search_document"], name="custreq_search_idx")
    )


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("DROP INDEX IF EXISTS custreq_search_idx")
    execute("DROP TRIGGER IF EXISTS customers_request_search_document ON customers_customerrequest")
    execute("DROP FUNCTION IF EXISTS customers_request_search_document()")
    execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [migrations.RunPython(create_search, drop_search, elidable=False)]
