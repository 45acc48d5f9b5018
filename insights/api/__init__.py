"""The read API /api/v1/ (django-ninja, OpenAPI 3.1) and the personal API tokens.

`api.py` builds the API, `endpoints.py` answers its routes from the apps'
querysets, `http.py` holds what every request passes through (tokens, rate
limit, content negotiation, CORS, conditional GET, problem documents),
`pagination.py` the cursors, `tokens.py` the staff page for the tokens.
"""
