from .plugin import Pipeline, pipeline, register
from .variants import is_placeholder

__all__ = ["Pipeline", "is_placeholder", "pipeline", "register"]
