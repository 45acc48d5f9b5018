from allauth.idp.oidc.adapter import DefaultOIDCAdapter


class Adapter(DefaultOIDCAdapter):
    """Adds the person's groups as the claim "groups" (as Keycloak or Entra ID can)."""

    def get_claims(self, purpose, user, client, scopes, email=None, **kwargs):
        claims = super().get_claims(purpose, user, client, scopes, email=email, **kwargs)
        claims["groups"] = sorted(user.groups.values_list("name", flat=True))
        return claims
