"""The small corridor map on the home page (one query, core.slots)."""

from core.slots import home_sections

from .corridor import LAYER_PARTNERS, attribution_context, build_corridor_map


@home_sections.register(order=20)
def corridor_map_teaser(request) -> dict:
    """The districts with the partners; the full map is one link away."""
    return {
        "template": "insights/map/_teaser.html",
        "map": build_corridor_map(layers={LAYER_PARTNERS}),
        **attribution_context(),
    }
