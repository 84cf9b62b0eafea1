"""The words of the cases in a B-tree (cases/models/words.py), for the sellers' search.

On PostgreSQL the column `word` compares byte by byte (COLLATE "C") so that a word's
beginning is a range of the index, and triggers on cases_case keep the table: a
statement's new cases add their words at once (a transition table, so a bulk load is one
INSERT), a case whose document or seller changes gets its words again, one whose status or
creation date changes passes it on, deleted cases take their words along. Every existing
case's words are copied in (about 13 million rows and 30 s at a million cases). Elsewhere
(SQLite, the local run) the table stays empty: the search there reads the text itself.
"""

from django.db import migrations, models

WORDS_OF = (
    "SELECT {case}.id, substr(lexeme, length({case}.seller_id::text) + 2), {case}.seller_id, "
    "{case}.status, {case}.created_at FROM {source} unnest({case}.search_document)"
)
COLUMNS = "cases_caseword (case_id, word, seller_id, status, created_at)"

FORWARD = f"""
ALTER TABLE cases_caseword ALTER COLUMN word TYPE text COLLATE "C";

CREATE FUNCTION cases_case_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {COLUMNS} {WORDS_OF.format(case="n", source="added_cases n,")};
  RETURN NULL;
END $$;
CREATE TRIGGER cases_case_words_added AFTER INSERT ON cases_case
  REFERENCING NEW TABLE AS added_cases
  FOR EACH STATEMENT EXECUTE FUNCTION cases_case_words_added();

CREATE FUNCTION cases_case_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.search_document IS DISTINCT FROM OLD.search_document
     OR NEW.seller_id IS DISTINCT FROM OLD.seller_id THEN
    DELETE FROM cases_caseword WHERE case_id = OLD.id;
    INSERT INTO {COLUMNS} {WORDS_OF.format(case="NEW", source="")};
  ELSE
    UPDATE cases_caseword SET status = NEW.status, created_at = NEW.created_at
    WHERE case_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_case_words_changed AFTER UPDATE ON cases_case FOR EACH ROW
  WHEN (NEW.search_document IS DISTINCT FROM OLD.search_document
        OR NEW.seller_id IS DISTINCT FROM OLD.seller_id
        OR NEW.status IS DISTINCT FROM OLD.status
        OR NEW.created_at IS DISTINCT FROM OLD.created_at)
  EXECUTE FUNCTION cases_case_words_changed();

CREATE FUNCTION cases_case_words_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM cases_caseword w USING removed_cases o WHERE w.case_id = o.id;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_case_words_removed AFTER DELETE ON cases_case
  REFERENCING OLD TABLE AS removed_cases
  FOR EACH STATEMENT EXECUTE FUNCTION cases_case_words_removed();

INSERT INTO {COLUMNS} {WORDS_OF.format(case="c", source="cases_case c,")};

-- A seller's cases with a word's beginning, in the trays' order, with their status: an
-- index-only scan (cases/search.py: seller_word_page).
CREATE INDEX case_word_search_idx ON cases_caseword
  (seller_id, word, created_at DESC, case_id DESC) INCLUDE (status);
ANALYZE cases_caseword;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS cases_case_words_added ON cases_case;
DROP TRIGGER IF EXISTS cases_case_words_changed ON cases_case;
DROP TRIGGER IF EXISTS cases_case_words_removed ON cases_case;
DROP FUNCTION IF EXISTS cases_case_words_added();
DROP FUNCTION IF EXISTS cases_case_words_changed();
DROP FUNCTION IF EXISTS cases_case_words_removed();
DROP INDEX IF EXISTS case_word_search_idx;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("cases", "0033_daily_status_flows")]

    operations = [
        migrations.CreateModel(
            name="CaseWord",
            fields=[
                ("pk", models.CompositePrimaryKey("case_id", "word", blank=True, editable=False, primary_key=True, serialize=False)),
                ("case_id", models.BigIntegerField(verbose_name="case")),
                ("word", models.TextField(verbose_name="word")),
                ("seller_id", models.BigIntegerField(verbose_name="seller")),
                ("status", models.CharField(max_length=20, verbose_name="status")),
                ("created_at", models.DateTimeField(verbose_name="created")),
            ],
            options={
                "verbose_name": "word of a case",
                "verbose_name_plural": "words of the cases",
                "db_table": "cases_caseword",
            },
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
