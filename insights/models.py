"""The models of insights: the personal API tokens live with the API (insights/api/)."""

from .api.models import ApiToken

__all__ = ["ApiToken"]
