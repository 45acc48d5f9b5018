"""Who may do what with the Letter of Intent (django-rules).

The partner's admin keeps the partner's own accession record while it is open;
the partner's staff read it; the project office does everything. Anyone else
gets a 404 from the views (nothing leaks that a record exists).
"""

import rules

from partners.rules import is_office_or_superuser, is_partner_admin, is_partner_member, is_superuser


@rules.predicate
def accession_is_open(user, accession) -> bool:
    return accession is not None and accession.state.is_open


@rules.predicate
def accession_can_be_reopened(user, accession) -> bool:
    return accession is not None and accession.state.can_be_reopened


# The internal record: read, keep up to date, confirm.
rules.add_perm("loi.view_record", is_partner_member | is_office_or_superuser)
rules.add_perm("loi.edit_record", (is_partner_admin & accession_is_open) | is_office_or_superuser)
rules.add_perm("loi.download_signed_pdf", is_partner_member | is_office_or_superuser)
rules.add_perm("loi.download_agreement_pdf", is_partner_member | is_office_or_superuser)
rules.add_perm("loi.confirm_signed", is_office_or_superuser)
rules.add_perm("loi.manage_agreements", is_office_or_superuser)
rules.add_perm("loi.view_history", is_office_or_superuser)
# Take back a wrong "declined" or "withdrawn" (with a reason, in the history).
rules.add_perm("loi.reopen_accession", is_office_or_superuser & accession_can_be_reopened)

# The admin panel: the office manages everything, only superusers delete.
for model in ("agreement", "accession", "deliberation", "reminderlog"):
    rules.add_perm(f"loi.view_{model}", is_office_or_superuser)
    rules.add_perm(f"loi.change_{model}", is_office_or_superuser)
    rules.add_perm(f"loi.add_{model}", is_office_or_superuser)
    rules.add_perm(f"loi.delete_{model}", is_superuser)

# The council information system (OParl): whoever keeps the record connects it and
# links the paper; the office's calendar of council dates is the office's.
rules.add_perm("loi.manage_oparl", (is_partner_admin & accession_is_open) | is_office_or_superuser)
rules.add_perm("loi.view_council_calendar", is_office_or_superuser)
for model in ("oparlconnection", "councilpaper", "councilmeeting"):
    rules.add_perm(f"loi.view_{model}", is_office_or_superuser)
    rules.add_perm(f"loi.change_{model}", is_superuser)
    rules.add_perm(f"loi.add_{model}", is_superuser)
    rules.add_perm(f"loi.delete_{model}", is_superuser)
