"""Saved searches and their alerts (issue #17, scope 6).

A person saves a search (words, fields of action, partner kinds, maturity,
direction) and chooses how to hear of new matches: at once, in the weekly
digest, or not at all. `models.py` holds the searches and the hits (one per
search and item, so nothing is told twice), `matching.py` decides whether an
item matches a search, `services.py` writes and alerts.
"""
