"""A small OpenID Connect provider for the single-sign-on tests: django-allauth's own
(allauth.idp.oidc) in a Django project of its own, with its own SQLite file.

`tests/partners/sso/conftest.py` starts it as a process on a free port of
127.0.0.1 (`server.py`), so the portal talks the real protocol over HTTP with it.
"""
