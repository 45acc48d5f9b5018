"""`{% corridor_map_teaser %}`: the small corridor map for the home page."""

from django import template

from regiohub.views_map import LAYER_PARTNERS, attribution_context, build_corridor_map

register = template.Library()


@register.inclusion_tag("regiohub/map/_teaser.html")
def corridor_map_teaser() -> dict:
    """The districts with the partners (one query); the full map is one link away."""
    return {"map": build_corridor_map(layers={LAYER_PARTNERS}), **attribution_context()}
