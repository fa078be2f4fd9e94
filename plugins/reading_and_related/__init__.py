from .reading import register

__all__ = ["register"]
