"""The words of the sellers' cases, one row per case and word, for the sellers' word
search in the trays (cases/search.py: `seller_word_page`).

The search document's GIN index finds a seller's cases with a word, but not in the
trays' order: the creation date of every match was read from the case itself (a common
word is thousands of cases of the largest seller: 10–14 ms at a million cases, at every
page). Here each word of a case sits with the case's seller, status and creation date in
one B-tree, so the page and the length of a search are read from the index alone.

Kept by triggers on cases_case (migration 0034), on PostgreSQL only: a new case adds its
words, a new document or seller replaces them, a new status or creation date is copied
to them, a deleted case takes them along. Nothing in Python writes here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseWord(models.Model):
    pk = models.CompositePrimaryKey("case_id", "word")
    # Plain ids, not foreign keys: rows written by the database's triggers, read by value.
    case_id = models.BigIntegerField(_("case"))
    # A lexeme of the case's search document, without the seller's id in front
    # (`etiquet`, not `1234.etiquet`). Compared byte by byte (COLLATE "C"): a word's
    # beginning is a range of the index.
    word = models.TextField(_("word"))
    seller_id = models.BigIntegerField(_("seller"))
    status = models.CharField(_("status"), max_length=20)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        db_table = "cases_caseword"
        verbose_name = _("word of a case")
        verbose_name_plural = _("words of the cases")

    def __str__(self):
        return f"{self.case_id}: {self.word}"
