"""The agents' case list: a date hierarchy that stays cheap at millions of cases.

Django's own `date_hierarchy` lists the years, months or days that have cases with a
DISTINCT over every listed case (half a second over a million rows). This one asks only
for the first and last date (two index lookups) and offers every year, month or day in
between; a rare empty month is the price of a list that opens in milliseconds.
"""

import calendar
import datetime

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy as django_date_hierarchy
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.db.models import Max, Min
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


def _bounds(cl) -> tuple[datetime.date | None, datetime.date | None]:
    found = cl.queryset.order_by().aggregate(
        first=Min(cl.date_hierarchy), last=Max(cl.date_hierarchy)
    )
    if not (found["first"] and found["last"]):
        return None, None
    return timezone.localtime(found["first"]).date(), timezone.localtime(found["last"]).date()


def bounded_date_hierarchy(cl) -> dict:
    field = cl.date_hierarchy
    year_field, month_field, day_field = f"{field}__year", f"{field}__month", f"{field}__day"
    year, month = cl.params.get(year_field), cl.params.get(month_field)
    if cl.params.get(day_field):
        return django_date_hierarchy(cl)  # one day: Django's tag runs no query there

    def link(params):
        return cl.get_query_string(params, [f"{field}__"])

    if not year:
        first, last = _bounds(cl)
        if first is None:
            return {"show": False}
        if first.year != last.year:
            years = range(first.year, last.year + 1)
            return {
                "show": True,
                "back": None,
                "choices": [{"link": link({year_field: str(y)}), "title": str(y)} for y in years],
            }
        year = first.year
        if first.month == last.month:
            month = first.month
    year = int(year)
    if month:
        month = int(month)
        days = [
            datetime.date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)
        ]
        return {
            "show": True,
            "back": {"link": link({year_field: year}), "title": str(year)},
            "choices": [
                {
                    "link": link({year_field: year, month_field: month, day_field: day.day}),
                    "title": capfirst(formats.date_format(day, "MONTH_DAY_FORMAT")),
                }
                for day in days
            ],
        }
    return {
        "show": True,
        "back": {"link": link({}), "title": _("All dates")},
        "choices": [
            {
                "link": link({year_field: year, month_field: m}),
                "title": capfirst(
                    formats.date_format(datetime.date(year, m, 1), "YEAR_MONTH_FORMAT")
                ),
            }
            for m in range(1, 13)
        ],
    }


@register.tag(name="bounded_date_hierarchy")
def bounded_date_hierarchy_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=bounded_date_hierarchy,
        template_name="date_hierarchy.html",
        takes_context=False,
    )
