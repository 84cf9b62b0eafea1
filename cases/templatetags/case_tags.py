from django import template

from ..history import describe_event

register = template.Library()


@register.filter
def event_text(event, audience="agent"):
    return describe_event(event, for_seller=audience == "seller")
