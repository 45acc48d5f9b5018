"""Every view that answers GET answers HEAD too (uptime monitors ask with HEAD):
`require_safe` instead of `require_GET`, "HEAD" beside "GET" in `require_http_methods`.
The route walk (tests/browser/test_head.py) checks the pages; this catches a new view
before it has a route."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "notifications", "partners", "projects", "loi", "community", "insights"]
APPS += ["office", "legal", "ops", "regiohub"]
METHODS = re.compile(r"require_http_methods\(\[([^\]]*)\]\)")


def test_no_view_answers_get_but_refuses_head():
    wrong = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text()
            if re.search(r"\brequire_GET\b", text):
                wrong.append(f"{path.relative_to(ROOT)}: require_GET (use require_safe)")
            for methods in METHODS.findall(text):
                if '"GET"' in methods and '"HEAD"' not in methods:
                    wrong.append(f"{path.relative_to(ROOT)}: require_http_methods([{methods}])")
    assert not wrong, "\n".join(wrong)
