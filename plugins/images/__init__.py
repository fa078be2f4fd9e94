from .plugin import Pipeline, pipeline, register

__all__ = ["Pipeline", "pipeline", "register"]
