"""The small corridor map in the home page's hero (one query, core.slots)."""

from core.slots import home_hero

from .corridor import attribution_context, build_teaser_map

# Up to this many partners the teaser marks each with a dot; beyond it (the
# whole network of Brandenburg) the shaded districts say where they are, so the
# page does not grow with the partners.
MAX_TEASER_MARKERS = 60


@home_hero.register(order=20)
def corridor_map_teaser(request) -> dict:
    """The districts with the partners; the full map is one link away."""
    corridor = build_teaser_map(MAX_TEASER_MARKERS)
    return {
        "template": "insights/map/_hero.html",
        "map": corridor,
        "placed": corridor.placed,
        **attribution_context(),
    }
