"""A partner's widget in a real browser: a page on an allowed origin frames it,
a page on another origin is refused (frame-ancestors)."""

import socket
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import PartnerFactory
from tests.projects.factories import PublishedProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def partner_website(widget_url: str, port: int):
    """A partner's own website on 127.0.0.1:port: one page that frames the widget."""
    html = (
        '<!DOCTYPE html><html lang="de"><head><title>Partner</title></head><body>'
        f'<iframe src="{widget_url}" title="Projekte" width="600" height="400"></iframe>'
        "</body></html>"
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def widget_heading(browser, site_url: str) -> tuple[str | None, list[str]]:
    """The widget's h1 as the framing page shows it (None if refused), and the console."""
    context = browser.new_context(locale="de-DE")
    try:
        tab = context.new_page()
        messages: list[str] = []
        tab.on("console", lambda message: messages.append(message.text))
        tab.goto(site_url)
        tab.wait_for_load_state("load")
        frame = next(frame for frame in tab.frames if frame != tab.main_frame)
        heading = frame.evaluate("() => document.querySelector('h1')?.textContent ?? null")
        return heading, messages
    finally:
        context.close()


def test_an_allowed_origin_frames_the_widget_and_another_is_refused(browser, live_server):
    allowed, other = _free_port(), _free_port()
    partner = PartnerFactory(name="Landkreis Rahmen", embed_origins=f"http://127.0.0.1:{allowed}")
    PublishedProjectFactory(lead_partner=partner, title="Bürgerbus")
    widget = f"{live_server.url}/einbetten/partner/{partner.slug}/projekte/"

    with partner_website(widget, allowed) as site:
        heading, _messages = widget_heading(browser, site)
    assert heading == "Projekte von Landkreis Rahmen" or heading == "Projects of Landkreis Rahmen"

    with partner_website(widget, other) as site:
        heading, messages = widget_heading(browser, site)
    assert heading is None or "Landkreis Rahmen" not in heading
    assert any("frame-ancestors" in message for message in messages)
