"""The permission vocabulary every app shares.

The project office is the group `PROJECT_OFFICE_GROUP`; who belongs to a
partner, and so who holds which right, is decided in `partners.rules`. Apps
below `partners` (core, notifications) and beside it (legal) do not import it:
they ask the named rights `core.access_admin` (the office's right: the admin
panel and every office task) and `core.access_intern` (the internal area),
which `partners.rules` defines.
"""

import rules

PROJECT_OFFICE_GROUP = "Projektbüro"


@rules.predicate
def has_office_rights(user) -> bool:
    """The project office or a superuser (the rule `core.access_admin`)."""
    return user.is_authenticated and user.has_perm("core.access_admin")
