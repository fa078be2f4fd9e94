from .reader import register  # noqa: F401
