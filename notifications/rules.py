"""Who may see the portal's mail state (django-rules): the office looks, nobody edits by hand."""

import rules

from core.permissions import has_office_rights

for model in ("outgoingmail", "notificationsetting", "digestitem"):
    rules.add_perm(f"notifications.view_{model}", has_office_rights)
# "Send again now" on failed mails.
rules.add_perm("notifications.change_outgoingmail", has_office_rights)
