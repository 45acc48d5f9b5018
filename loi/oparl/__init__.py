"""The partners' council information systems (OParl 1.1): client, sync and mapping.

OParl is the open standard API of German council information systems
(https://oparl.org, specification 1.1). The portal only reads it, in the task
worker (never inside a web request): `client.py` speaks HTTP politely,
`results.py` maps the agenda items' free-text results to outcomes, `sync.py`
writes what it read into the accession's deliberations.
"""
