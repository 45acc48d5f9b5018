"""Demo partner staff for `make run` only: one admin and one member of a real partner.

They are marked as demo in the data itself (first name "Demo", addresses at
demo.regiohub.local) and their passwords are random, kept in
.local-demo-credentials (never committed) and printed on every run.
"""

import secrets
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from .models import Membership, Partner, User

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".local-demo-credentials"
DEMO_PARTNER = "Landkreis Teltow-Fläming"
DEMO_STAFF = [
    ("demo.admin@demo.regiohub.local", "Demo", "Administratorin", Membership.Role.ADMIN),
    ("demo.mitglied@demo.regiohub.local", "Demo", "Mitglied", Membership.Role.MEMBER),
]


def _read_credentials() -> dict[str, str]:
    if not CREDENTIALS_FILE.exists():
        return {}
    lines = CREDENTIALS_FILE.read_text("utf-8").splitlines()
    return dict(line.split(" ", 1) for line in lines if " " in line)


@transaction.atomic
def load_demo(command, **options) -> None:
    partner = Partner.objects.filter(name=DEMO_PARTNER).first()
    if partner is None:
        command.stdout.write(f"  demo staff skipped: {DEMO_PARTNER} not loaded (load_real_data)")
        return
    credentials = _read_credentials()
    for email, first_name, last_name, role in DEMO_STAFF:
        user = User.objects.filter(email=email).first()
        if user is None or email not in credentials:
            credentials[email] = secrets.token_urlsafe(12)
            if user is None:
                user = User.objects.create_user(
                    email,
                    credentials[email],
                    first_name=first_name,
                    last_name=last_name,
                    function="Demo-Konto",
                )
            else:
                user.set_password(credentials[email])
                user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        # get_or_create, not update_or_create: a repeated run writes no history rows.
        membership, _created = Membership.objects.get_or_create(
            user=user, partner=partner, defaults={"role": role}
        )
        if membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
    CREDENTIALS_FILE.write_text(
        "".join(f"{email} {password}\n" for email, password in credentials.items()), "utf-8"
    )
    CREDENTIALS_FILE.chmod(0o600)
    command.stdout.write(f"Demo partner staff of {partner.name} (demo, never in production):")
    for email, _first, _last, role in DEMO_STAFF:
        command.stdout.write(f"  {role:6}  e-mail: {email}  password: {credentials[email]}")
