"""The default example phrases, for installs that loaded the default taxonomy before
(issue 21): each default cause (by name) that has no example phrases yet gets the
shipped ones. A cause agents already gave phrases keeps exactly theirs. New installs get
them from `load_default_taxonomy`.

The phrases are read from cases/triage/phrases, plain data that imports nothing. Running
it again adds nothing; reversing leaves the phrases.
"""

from django.db import migrations

from cases.triage.phrases import DEFAULT_PHRASES


def add_default_phrases(apps, schema_editor):
    Cause = apps.get_model("cases", "Cause")
    CauseExamplePhrase = apps.get_model("cases", "CauseExamplePhrase")
    rows = [
        CauseExamplePhrase(cause=cause, text=text)
        for cause in Cause.objects.filter(name__in=DEFAULT_PHRASES, example_phrases__isnull=True)
        for text in DEFAULT_PHRASES[cause.name]
    ]
    CauseExamplePhrase.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("cases", "0015_triage")]

    operations = [migrations.RunPython(add_default_phrases, migrations.RunPython.noop)]
