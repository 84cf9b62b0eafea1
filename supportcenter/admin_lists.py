"""The admin's lists: Django's, answering a filter they cannot apply instead of failing.

Django's admin takes its filters from the query string and answers one it cannot apply
with the whole list at ?e=1 (admin/change_list.html tells the agent so). Two kinds of
value slipped past it to a server error, on every list that has such a filter, ours and
those of other apps (axes) alike:

- a NUL character (``status__exact=%00``): PostgreSQL refuses it in text, and Django only
  learns so when the query runs;
- a date hierarchy year at the calendar's edge (``created_at__year=9999``, or one too
  large for a date): the end of its range overflows. Django ticket #37357, fixed upstream
  but not in 5.2: drop the `except` below once Django has it.

Every ModelAdmin gets this ChangeList (supportcenter/apps.py), so a new list is covered
without doing anything; supportcenter/tests/test_admin_fuzz.py checks them all.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views import main


class ChangeList(main.ChangeList):
    def get_filters(self, request):
        if any("\x00" in value for values in self.filter_params.values() for value in values):
            raise IncorrectLookupParameters("A NUL character in the query string.")
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as exc:
            raise IncorrectLookupParameters(exc) from exc


def get_changelist(model_admin, request, **kwargs):
    """ModelAdmin.get_changelist for every admin: the list above."""
    return ChangeList
