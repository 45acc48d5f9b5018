"""Who may do what with the legal pages and barrier reports (django-rules).

The project office keeps the legal texts and handles barrier reports; reports
only come in through the public form, so nobody adds one in the admin.
"""

import rules

from partners.rules import is_office_or_superuser, is_superuser

for model in ("legalsection", "accessibilitystatement"):
    rules.add_perm(f"regiohub.view_{model}", is_office_or_superuser)
    rules.add_perm(f"regiohub.add_{model}", is_office_or_superuser)
    rules.add_perm(f"regiohub.change_{model}", is_office_or_superuser)
    rules.add_perm(f"regiohub.delete_{model}", is_superuser)

rules.add_perm("regiohub.view_barrierreport", is_office_or_superuser)
rules.add_perm("regiohub.add_barrierreport", rules.always_deny)
rules.add_perm("regiohub.change_barrierreport", is_office_or_superuser)
# Deleting a report is how the office honours an erasure request (Art. 17 GDPR).
rules.add_perm("regiohub.delete_barrierreport", is_office_or_superuser)
