"""Who may do what with the legal pages and barrier reports (django-rules).

The project office keeps the legal texts and handles barrier reports; reports
only come in through the public form, so nobody adds one in the admin.
"""

import rules

from core.permissions import has_office_rights, is_verified_superuser

for model in ("legalsection", "accessibilitystatement"):
    rules.add_perm(f"legal.view_{model}", has_office_rights)
    rules.add_perm(f"legal.add_{model}", has_office_rights)
    rules.add_perm(f"legal.change_{model}", has_office_rights)
    rules.add_perm(f"legal.delete_{model}", is_verified_superuser)

rules.add_perm("legal.view_barrierreport", has_office_rights)
rules.add_perm("legal.add_barrierreport", rules.always_deny)
rules.add_perm("legal.change_barrierreport", has_office_rights)
# Deleting a report is how the office honours an erasure request (Art. 17 GDPR).
rules.add_perm("legal.delete_barrierreport", has_office_rights)
