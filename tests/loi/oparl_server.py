"""A real OParl 1.1 server on 127.0.0.1 for the tests (http.server in a thread).

Its objects are built from the examples of the OParl 1.1 specification
(tests/loi/oparl_fixtures/, CC BY-SA 4.0): the example System, Body,
Organization, Meeting and Paper, with ids rewritten to this server and their
content to the Teltow-Fläming paper 6-5282/24-IV and its two council steps.
It pages lists (`links.next`), filters by `modified_since`, serves deleted
objects, and breaks on request (`server.break_path(path, kind)`): HTML instead
of JSON, 404, 500, an invalid date, a loop in the `next` links, a huge body.
"""

from __future__ import annotations

import copy
import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "oparl_fixtures"
EXAMPLE_HOST = "https://oparl.example.org"
REFERENCE = "6-5282/24-IV"
AGS_TELTOW_FLAEMING = "12072000"


def _example(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}-01.json").read_text())


def _iso(value: datetime.datetime) -> str:
    return value.isoformat(timespec="seconds")


class OParlServer:
    def __init__(self, *, page_size: int = 10, filler_papers: int = 25):
        self.page_size = page_size
        self.filler_papers = filler_papers
        self.requests: list[dict] = []
        self.broken: dict[str, str] = {}
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.objects: dict[str, dict] = {}
        self.lists: dict[str, list[str]] = {}
        self._build()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # -- data ---------------------------------------------------------------
    def url(self, path: str) -> str:
        return f"{self.base}/oparl/{path}"

    @property
    def system_url(self) -> str:
        return self.url("system")

    def _rewrite(self, obj):
        """The spec's example ids point at oparl.example.org; ours at this server."""
        text = json.dumps(obj).replace(f"{EXAMPLE_HOST}/", f"{self.base}/oparl/example/")
        return json.loads(text)

    def _build(self) -> None:
        old = "2024-04-30T10:00:00+02:00"
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        system = self._rewrite(_example("System"))
        system.update(
            id=self.system_url,
            body=self.url("bodies"),
            name="Ratsinformationssystem Teltow-Fläming (Test)",
            otherOparlVersions=[],
        )
        self.objects[self.system_url] = system

        def body(number: int, name: str, ags: str, rgs: str) -> dict:
            data = self._rewrite(_example("Body"))
            data.update(
                id=self.url(f"body/{number}"),
                system=self.system_url,
                name=name,
                shortName=name.split()[-1],
                ags=ags,
                rgs=rgs,
                website=f"{self.base}/ris/body/{number}",
                organization=self.url(f"body/{number}/organizations"),
                meeting=self.url(f"body/{number}/meetings"),
                paper=self.url(f"body/{number}/papers"),
            )
            return data

        # A second body first, so choosing by AGS is really a choice.
        for data in (
            body(2, "Stadt Köln, kreisfreie Stadt", "05315000", "053150000000"),
            body(1, "Landkreis Teltow-Fläming", AGS_TELTOW_FLAEMING, "120720000000"),
        ):
            self.objects[data["id"]] = data
        self.lists[self.url("bodies")] = [self.url("body/2"), self.url("body/1")]

        def organization(number: int, name: str, short: str) -> dict:
            data = self._rewrite(_example("Organization"))
            data.update(
                id=self.url(f"organization/{number}"),
                body=self.url("body/1"),
                name=name,
                shortName=short,
                meeting=self.url(f"organization/{number}/meetings"),
                membership=[],
                modified=old,
            )
            return data

        committee = organization(1, "Ausschuss für Wirtschaft", "AfW")
        council = organization(2, "Kreistag", "KT")
        for data in (committee, council):
            self.objects[data["id"]] = data
        self.lists[self.url("body/1/organizations")] = [committee["id"], council["id"]]
        self.lists[self.url("body/2/organizations")] = []

        def meeting(number, org, start, *, result=None, item=None, modified=old) -> dict:
            data = self._rewrite(_example("Meeting"))
            data.update(
                id=self.url(f"meeting/{number}"),
                name=f"{number}. Sitzung {org['name']}",
                start=start,
                end=start,
                organization=[org["id"]],
                web=f"{self.base}/ris/meeting/{number}",
                modified=modified,
            )
            items = []
            if item is not None:
                agenda = copy.deepcopy(data["agendaItem"][0])
                agenda.update(
                    id=self.url(f"agendaitem/{item}"),
                    meeting=data["id"],
                    number="7",
                    name="Regionale Kooperation Regio.hub",
                    public=True,
                    consultation=self.url(f"consultation/{item}"),
                    result=result or "",
                    resolutionText="",
                    web=f"{self.base}/ris/agendaitem/{item}",
                    modified=modified,
                )
                items.append(agenda)
            data["agendaItem"] = items
            return data

        meetings = [
            meeting(
                1, committee, "2024-04-24T17:00:00+02:00", result="ungeändert beschlossen", item=1
            ),
            meeting(
                2, council, "2024-04-29T17:00:00+02:00", result="ungeändert beschlossen", item=2
            ),
            meeting(3, committee, _iso(now + datetime.timedelta(days=10)), modified=_iso(now)),
            meeting(4, council, _iso(now + datetime.timedelta(days=20)), modified=_iso(now)),
        ]
        for data in meetings:
            self.objects[data["id"]] = data
        self.lists[self.url("body/1/meetings")] = [data["id"] for data in meetings]
        for data in meetings:
            for agenda in data["agendaItem"]:
                self.objects[agenda["id"]] = agenda

        paper = self._rewrite(_example("Paper"))
        consultations = []
        for number, (meeting_id, org, authoritative) in enumerate(
            [(meetings[0]["id"], committee, False), (meetings[1]["id"], council, True)], start=1
        ):
            consultation = copy.deepcopy(paper["consultation"][0])
            consultation.update(
                id=self.url(f"consultation/{number}"),
                paper=self.url("paper/1"),
                agendaItem=self.url(f"agendaitem/{number}"),
                meeting=meeting_id,
                organization=[org["id"]],
                authoritative=authoritative,
                role="Beschlussfassung" if authoritative else "Vorberatung",
                modified=old,
            )
            consultations.append(consultation)
        paper.update(
            id=self.url("paper/1"),
            body=self.url("body/1"),
            name=(
                "Regionale Kooperation für eine smarte Zusammenarbeit in der Hauptstadtregion "
                "Berlin-Brandenburg im Rahmen eines kooperativen Regio.hubs"
            ),
            reference=REFERENCE,
            date="2024-04-08",
            paperType="Beschlussvorlage",
            relatedPaper=[],
            originatorPerson=[],
            originatorOrganization=[],
            underDirectionOf=[],
            consultation=consultations,
            web=f"{self.base}/ris/paper/1",
            modified=old,
        )
        papers = [paper]
        for number in range(2, self.filler_papers + 2):
            filler = copy.deepcopy(paper)
            filler.update(
                id=self.url(f"paper/{number}"),
                name=f"Vorlage Nummer {number}",
                reference=f"6-{5000 + number}/24-IV",
                consultation=[],
                web=f"{self.base}/ris/paper/{number}",
            )
            papers.append(filler)
        # The paper sought sits on the last page.
        papers = papers[1:] + papers[:1]
        for data in papers:
            self.objects[data["id"]] = data
        self.lists[self.url("body/1/papers")] = [data["id"] for data in papers]

    # -- changes the tests make ------------------------------------------------
    def touch(self, url: str, **fields) -> dict:
        """Change an object at the source; its `modified` becomes now."""
        with self.lock:
            obj = self.objects[url]
            obj.update(fields)
            obj["modified"] = _iso(datetime.datetime.now(datetime.UTC))
            return obj

    def set_result(self, agenda_number: int, result: str) -> None:
        """A new result of an agenda item, also in the meeting that embeds it."""
        agenda_url = self.url(f"agendaitem/{agenda_number}")
        self.touch(agenda_url, result=result)
        for obj in self.objects.values():
            if obj.get("agendaItem") and isinstance(obj["agendaItem"], list):
                for item in obj["agendaItem"]:
                    if item.get("id") == agenda_url:
                        item["result"] = result
                        self.touch(obj["id"])

    def delete(self, url: str) -> None:
        with self.lock:
            old = self.objects[url]
            self.objects[url] = {
                "id": old["id"],
                "type": old["type"],
                "created": old.get("created"),
                "modified": _iso(datetime.datetime.now(datetime.UTC)),
                "deleted": True,
            }

    def break_path(self, path: str, kind: str) -> None:
        """Break the answer at `path` ("oparl/paper/1"): html, 404, 500, huge, loop, bad_date."""
        self.broken["/" + path.lstrip("/")] = kind

    def paths_requested(self) -> list[str]:
        return [entry["path"] for entry in self.requests]

    # -- HTTP ------------------------------------------------------------------
    def _list_page(self, list_url: str, query: dict) -> dict:
        ids = self.lists[list_url]
        items = [self.objects[object_id] for object_id in ids]
        since = query.get("modified_since", [""])[0]
        if since:
            limit = datetime.datetime.fromisoformat(since)
            items = [
                item
                for item in items
                if datetime.datetime.fromisoformat(
                    item.get("modified") or "1970-01-01T00:00:00+00:00"
                )
                >= limit
            ]
        page = int(query.get("page", ["1"])[0])
        size = self.page_size
        chunk = items[(page - 1) * size : page * size]
        links = {"first": f"{list_url}?page=1"}
        extra = f"&modified_since={since}" if since else ""
        if page * size < len(items):
            links["next"] = f"{list_url}?page={page + 1}{extra}"
        return {
            "data": chunk,
            "pagination": {
                "totalElements": len(items),
                "elementsPerPage": size,
                "currentPage": page,
                "totalPages": max(1, -(-len(items) // size)),
            },
            "links": links,
        }

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                server.requests.append(
                    {
                        "path": parts.path,
                        "query": query,
                        "user_agent": self.headers.get("User-Agent", ""),
                    }
                )
                kind = server.broken.get(parts.path)
                if kind == "html":
                    return self._send(200, b"<!doctype html><title>Wartung</title>", "text/html")
                if kind in ("404", "500"):
                    return self._send(int(kind), b'{"error": "kaputt"}', "application/json")
                if kind == "huge":
                    # No Content-Length: the client has to stop reading by itself.
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    chunk = b'{"data": [' + b'"x", ' * 20000
                    try:
                        for _ in range(200):
                            self.wfile.write(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    self.close_connection = True
                    return None
                url = f"{server.base}{parts.path}"
                with server.lock:
                    if url in server.lists:
                        data = server._list_page(url, query)
                        if kind == "loop":
                            data["links"]["next"] = f"{url}?page=1"
                        if kind == "bad_date" and data["data"]:
                            data["data"][0] = {**data["data"][0], "start": "29.04.2024 17 Uhr"}
                    elif url in server.objects:
                        data = copy.deepcopy(server.objects[url])
                        if kind == "bad_date":
                            data["start"] = "29.04.2024 17 Uhr"
                            data["modified"] = "gestern"
                    else:
                        data = None
                if data is None:
                    return self._send(404, b'{"error": "not found"}', "application/json")
                body = json.dumps(data).encode()
                return self._send(200, body, "application/json; charset=utf-8")

        return Handler

    def __enter__(self) -> OParlServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
