"""One module sends e-mail: notifications/mail.py. No fourth path may come back.

Every other module queues through notifications (queue_mail, notify and its
kin); this reads the source tree and refuses any other module that builds a
message or talks to a mail backend itself.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THE_ONE_SENDER = ROOT / "notifications" / "mail.py"
NOT_THE_PORTAL = {".venv", ".git", "tests", "node_modules", "staticfiles", "static", "locale"}

# What sends or builds a mail in Django: the module and what it offers.
MAIL_MODULES = {"django.core.mail", "django.core.mail.message", "django.core.mail.backends"}
SENDING_NAMES = {
    "EmailMessage",
    "EmailMultiAlternatives",
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "get_connection",
    "AdminEmailHandler",
}


def mail_paths(source: str) -> list[str]:
    """The places in `source` that import Django's mail machinery or call a sender."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if node.module.startswith(tuple(MAIL_MODULES)) or (
                node.module == "django.core" and "mail" in names
            ):
                found.append(f"line {node.lineno}: from {node.module} import {', '.join(names)}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(tuple(MAIL_MODULES)):
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else ""
            name = function.id if isinstance(function, ast.Name) else name
            if name in SENDING_NAMES:
                found.append(f"line {node.lineno}: {name}(...)")
    return found


def _portal_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & NOT_THE_PORTAL and path != THE_ONE_SENDER:
            yield path


def test_no_module_but_notifications_mail_sends_email():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in _portal_modules()
        if (found := mail_paths(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_sender_itself_is_found_by_the_check():
    # The check would see it: the one module that sends is the only exception.
    assert mail_paths(THE_ONE_SENDER.read_text(encoding="utf-8"))


def test_the_check_finds_each_way_around_the_outbox():
    sources = [
        "from django.core.mail import send_mail\nsend_mail('s', 'b', None, ['a@example.org'])",
        "from django.core import mail\nmail.EmailMessage('s', 'b').send()",
        "import django.core.mail\n",
        "from django.core.mail.message import EmailMultiAlternatives\n",
        "def f(adapter):\n    adapter.send_mail('account/email/x', 'a@example.org', {})",
        "class A:\n    def queue(self):\n        super().send_mail('x', 'a@example.org', {})",
        "from django.utils.log import AdminEmailHandler\nAdminEmailHandler()",
    ]
    for source in sources:
        assert mail_paths(source), source
