"""Prepare and serve the test identity provider: `python -m tests.partners.sso.idp.server PORT`.

Reads IDP_DATA_DIR (a fresh directory), IDP_PRIVATE_KEY (PEM) and IDP_SETUP (JSON:
{"client": {id, secret, redirect_uris, post_logout_redirect_uris}, "users":
[{email, password, first_name, last_name, groups, email_verified}]}), migrates its
SQLite file, creates the client and the people, then serves on 127.0.0.1:PORT.
"""

import json
import os
import sys


def setup() -> None:
    from allauth.account.models import EmailAddress
    from allauth.idp.oidc.models import Client
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    data = json.loads(os.environ["IDP_SETUP"])
    client = Client(
        id=data["client"]["id"],
        name="Regio.hub (test)",
        scopes="openid\nprofile\nemail",
        skip_consent=True,
        redirect_uris="\n".join(data["client"]["redirect_uris"]),
    )
    client.set_secret(data["client"]["secret"])
    client.set_post_logout_redirect_uris(data["client"]["post_logout_redirect_uris"])
    client.save()
    for person in data["users"]:
        user = User.objects.create_user(
            username=person["email"].split("@")[0] + "-" + person["email"].split("@")[1],
            email=person["email"],
            password=person["password"],
            first_name=person.get("first_name", ""),
            last_name=person.get("last_name", ""),
        )
        EmailAddress.objects.create(
            user=user,
            email=person["email"],
            primary=True,
            verified=person.get("email_verified", True),
        )
        for name in person.get("groups", []):
            user.groups.add(Group.objects.get_or_create(name=name)[0])


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.partners.sso.idp.settings")
    import django

    django.setup()
    setup()
    from django.core.management import call_command

    call_command("runserver", f"127.0.0.1:{sys.argv[1]}", use_reloader=False, verbosity=0)


if __name__ == "__main__":
    main()
