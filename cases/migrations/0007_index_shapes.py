"""Indexes shaped after the seller pages' queries at a million cases (docs/benchmarks.md).

- Each tray, newest first, has an index that ends in the id (the trays' tie-break), so
  the ids of any page are read from the index alone; the open and closed trays get
  partial indexes with exactly their statuses.
- The home page's waiting cases and the trays' reason filter get their own indexes.
- The admin's queue (newest first, all or by status) gets indexes in its order.
- The single-column indexes Django adds to a foreign key go where a composite index
  already starts with that column (the seller on cases, the case on its children).
- PostgreSQL only: the search's trigram indexes start with the seller (btree_gin), so a
  seller's search reads only that seller's entries instead of intersecting every seller's
  matches with a bitmap of the seller's cases.
"""

import django.db.models.deletion
from django.db import migrations, models

TRIGRAM_INDEXES = {
    "case_subject_trgm_idx": "UPPER(subject::text)",
    "case_description_trgm_idx": "UPPER(description::text)",
}


def seller_first_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE INDEX {name} ON cases_case USING gin (seller_id, {expression} gin_trgm_ops)"
        )


def trigram_indexes_without_seller(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE INDEX {name} ON cases_case USING gin ({expression} gin_trgm_ops)"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('cases', '0006_sellercasecount'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='case_seller_status_idx',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_seller_created_idx',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_status_created_idx',
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['seller', '-created_at', '-id'], name='case_seller_created_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('status__in', ('open', 'in_progress', 'waiting_on_seller', 'reopened'))), fields=['seller', '-created_at', '-id'], name='case_seller_open_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('status__in', ('resolved', 'closed'))), fields=['seller', '-created_at', '-id'], name='case_seller_closed_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['seller', 'status', '-created_at', '-id'], name='case_seller_status_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('status', 'waiting_on_seller')), fields=['seller', 'updated_at', 'id'], name='case_seller_waiting_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['seller', 'cause'], name='case_seller_cause_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['-created_at', '-id'], name='case_created_idx'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['status', '-created_at', '-id'], name='case_status_created_idx'),
        ),
        migrations.AlterField(
            model_name='case',
            name='seller',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='accounts.seller', verbose_name='seller'),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='case',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='cases.case', verbose_name='case'),
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='case',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='events', to='cases.case', verbose_name='case'),
        ),
        migrations.AlterField(
            model_name='comment',
            name='case',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='cases.case', verbose_name='case'),
        ),
        migrations.AlterField(
            model_name='pendingtask',
            name='case',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='cases.case', verbose_name='case'),
        ),
        migrations.RunPython(
            seller_first_trigram_indexes, trigram_indexes_without_seller, elidable=False
        ),
    ]
