from django import template

from ..time_zones import zone_label

register = template.Library()


@register.simple_tag
def time_zone_label() -> str:
    """The name, for people, of the zone the page's dates are rendered in."""
    return zone_label()
