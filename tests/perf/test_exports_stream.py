"""The open-data exports are streamed, never built in memory."""

import pytest
from django.http import StreamingHttpResponse

from tests.projects.factories import PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/projekte/export.json", "/projekte/export.csv"])
def test_the_export_is_a_streaming_response(client, url):
    PublishedProjectFactory()
    response = client.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert b"".join(response.streaming_content)


def test_a_large_export_arrives_in_many_pieces(client):
    for _ in range(30):
        PublishedProjectFactory()
    response = client.get("/projekte/export.json")
    pieces = list(response.streaming_content)
    assert len(pieces) > 30  # one piece per project, none holding the whole file
