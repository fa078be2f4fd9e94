from .checks import register

__all__ = ["register"]
