"""Issuing and revoking personal API tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, hash_token, new_secret


@transaction.atomic
def issue_token(*, acting_user, name: str) -> tuple[ApiToken, str]:
    """A new read-only token for the acting user; the secret is returned once, never stored."""
    secret = new_secret()
    token = ApiToken(user=acting_user, name=name.strip(), token_hash=hash_token(secret))
    token.prefix = secret[:10]
    token.full_clean()
    token.save()
    return token, secret


def revoke_token(*, acting_user, token: ApiToken) -> None:
    """Refuse the token from the next request on (the row stays, to show when)."""
    if token.user_id != acting_user.pk:
        raise PermissionError("Only the owner revokes a token.")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
