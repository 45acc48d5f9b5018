"""HEAD answers like GET, without a body, on every page and feed (uptime monitors and
link checkers ask with HEAD). Not a browser test: Django's test client, the world of
the route list, every route as its persona."""

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import session_cookie_for
from .routes import ANONYMOUS, ROUTES
from .world import build_world

# The feeds and exports the route list leaves out (they are no HTML pages).
FEEDS = [
    reverse("core:healthz"),
    reverse("core:robots_txt"),
    reverse("core:sitemap"),
    reverse("projects:export_csv"),
    reverse("projects:export_json"),
    reverse("projects:feed"),
    reverse("insights:figure_csv", args=["projekte-status"]),
    reverse("insights:catalogue_ttl"),
    reverse("loi:register_csv"),
    reverse("community:public_calendar"),
    reverse("community:announcement_feed"),
]


@pytest.mark.django_db
def test_head_answers_like_get_without_a_body_on_every_route(settings):
    settings.PROJECT_EXPORT_RATE_LIMIT = 0
    world = build_world()
    clients: dict[str, Client] = {ANONYMOUS: Client()}
    requests = [(route.persona, route.path(world)) for route in ROUTES]
    requests += [(ANONYMOUS, path) for path in FEEDS]
    wrong = []
    for persona, path in requests:
        if persona not in clients:
            client = Client()
            cookie = session_cookie_for(world[persona], "http://testserver")
            client.cookies[cookie["name"]] = cookie["value"]
            clients[persona] = client
        client = clients[persona]
        get = client.get(path)
        if get.streaming:
            b"".join(get.streaming_content)  # run the generator to its end
        head = client.head(path)
        body = b"".join(head.streaming_content) if head.streaming else head.content
        if head.status_code != get.status_code or body:
            wrong.append(f"{path} as {persona}: GET {get.status_code}, HEAD {head.status_code}")
        elif head.status_code == 405 or head["Content-Type"] != get["Content-Type"]:
            wrong.append(f"{path} as {persona}: HEAD {head.status_code} {head['Content-Type']}")
    assert not wrong, "\n".join(wrong)
