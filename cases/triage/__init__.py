"""Triage: suggest the cause of a case from the seller's own words (issue 21).

A text classifier (TF-IDF over words, character n-grams and a small lexicon of the
sellers' synonyms; a linear model) trained on each cause's example phrases and on the
subject and description of resolved cases. It is kept in the database as plain arrays
(no pickle) and rebuilt from them in each process.

The API the rest of the portal calls:
- `suggest.suggest_causes(text, k=3)`: the k most likely offered causes, best first, as
  names only (record type › area › cause), never another seller's words.
- `services.triage_model_train()`: train on today's data and store the new version
  (nightly by Celery beat, on demand from the admin and `manage.py triage_train`).
- `report.cross_validate(examples)`: per-cause accuracy and the causes it confuses
  (`manage.py triage_report`).

Nothing else in `cases` imports this package except the taxonomy's admin page (the
example phrases), the default taxonomy loader and, later, the wizard.
"""
