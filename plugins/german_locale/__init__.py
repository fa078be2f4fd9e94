from .locale import register  # noqa: F401
