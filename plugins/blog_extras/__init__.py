from .extras import register  # noqa: F401
