# The app's models. The matching index lives with its engine (exchange/matching/).
from .matching.models import MatchIndexState, ProjectMatchEntry

__all__ = ["MatchIndexState", "ProjectMatchEntry"]
