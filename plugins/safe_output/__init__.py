from .swap import register  # noqa: F401
