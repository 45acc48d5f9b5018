"""Core's own panel of the /intern/ dashboard; the apps add theirs (core.slots)."""

from .slots import panels


@panels.register(order=0)
def welcome_panel(request) -> dict:
    return {"template": "core/includes/_panel_welcome.html"}
