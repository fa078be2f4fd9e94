from .extras import register

__all__ = ["register"]
