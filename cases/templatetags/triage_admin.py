"""The agents' desk (the case list): the causes sellers confuse, from the recategorisations
of the last 90 days (cases/triage/selectors.py)."""

from django import template

from ..triage.selectors import recategorised_per_cause

register = template.Library()


@register.inclusion_tag("admin/cases/recategorised.html")
def recategorised_causes(limit: int = 8) -> dict:
    return {"recategorised": recategorised_per_cause(limit=limit)}
