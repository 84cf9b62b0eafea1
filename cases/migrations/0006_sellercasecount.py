import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count

STATUSES = ["open", "in_progress", "waiting_on_seller", "resolved", "reopened", "closed"]


def count_existing_cases(apps, schema_editor):
    """One row per seller and status, counted from the cases already there."""
    Case = apps.get_model("cases", "Case")
    SellerCaseCount = apps.get_model("cases", "SellerCaseCount")
    counted: dict[int, dict[str, int]] = {}
    rows = Case.objects.values_list("seller_id", "status").annotate(n=Count("id")).order_by()
    for seller_id, status, n in rows:
        counted.setdefault(seller_id, {})[status] = n
    SellerCaseCount.objects.bulk_create(
        [
            SellerCaseCount(seller_id=seller_id, status=status, count=by_status.get(status, 0))
            for seller_id, by_status in counted.items()
            for status in STATUSES
        ],
        batch_size=5000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('cases', '0005_caserating'),
    ]

    operations = [
        migrations.CreateModel(
            name='SellerCaseCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('open', 'Open'), ('in_progress', 'In progress'), ('waiting_on_seller', 'Waiting for information'), ('resolved', 'Resolved'), ('reopened', 'Reopened'), ('closed', 'Closed')], max_length=20, verbose_name='status')),
                ('count', models.IntegerField(default=0, verbose_name='cases')),
                ('seller', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.seller', verbose_name='seller')),
            ],
            options={
                'verbose_name': 'case count',
                'verbose_name_plural': 'case counts',
                'constraints': [models.UniqueConstraint(models.F('seller'), models.F('status'), name='cases_sellercasecount_unique')],
            },
        ),
        migrations.RunPython(count_existing_cases, migrations.RunPython.noop, elidable=True),
    ]
