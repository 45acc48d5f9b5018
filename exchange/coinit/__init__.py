"""Co-initiation: partners start a joint project draft together (issue #17, scope 5).

A joint draft IS a `projects.Project` draft; its co-initiators are the project's
participations (invited → accepted by consent), so co-editing, review and
publication are the projects app's. What this package adds: the link to the
need the draft came from, each co-initiator's confirmation of the current
version, the discussion thread, and the council papers (Beschlussvorlagen).
"""
