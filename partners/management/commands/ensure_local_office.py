import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partners.models import User
from partners.rules import ensure_project_office_group

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".local-credentials"
EMAIL = "projektbuero@regiohub.local"


class Command(BaseCommand):
    help = (
        "Create the local project-office account once (for `make run` only), with an "
        "authenticator-app (TOTP) secret, and print its credentials. Refuses to run "
        "without DJANGO_DEBUG."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The local project-office account is only for local development.")
        user = User.objects.filter(email=EMAIL).first()
        if user is None or not CREDENTIALS_FILE.exists():
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User.objects.create_user(
                    EMAIL, password, first_name="Projektbüro", last_name="(lokal)", is_staff=True
                )
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            CREDENTIALS_FILE.write_text(f"{EMAIL}\n{password}\n", encoding="utf-8")
            CREDENTIALS_FILE.chmod(0o600)
        user.groups.add(ensure_project_office_group())
        _verify_address(user)
        totp_secret = _demo_totp_secret(user)
        email, password = CREDENTIALS_FILE.read_text(encoding="utf-8").split()[:2]
        self.stdout.write(
            self.style.SUCCESS("Local project-office account (demo, never in production):")
        )
        self.stdout.write(f"  e-mail:      {email}\n  password:    {password}")
        self.stdout.write(f"  TOTP secret: {totp_secret}  (DEMO ONLY)")
        self.stdout.write(
            "  Add the secret to any authenticator app, or get the current code with\n"
            f"  oathtool --totp -b {totp_secret}"
        )


def _verify_address(user: User) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _demo_totp_secret(user: User) -> str:
    """The secret of the account's authenticator app; one is set up if there is none.

    So a newcomer reaches the office pages (which ask for a second factor) at
    once. Local demo only: the command refuses to run without DEBUG.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        return secret
    return decrypt(authenticator.data["secret"])
