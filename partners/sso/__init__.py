"""Single sign-on with a partner's own OpenID Connect provider.

The project office configures a `PartnerIdentityProvider` per partner in the
admin; `adapter.SocialAccountAdapter` turns the active rows into allauth
`openid_connect` apps (the secret read from the environment at that moment) and
decides at the callback who may come in (`admission`): an address at one of the
provider's domains that either belongs to an account already or has an open
invitation into that partner. Nobody registers through SSO alone.
"""
