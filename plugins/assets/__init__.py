from .fingerprint import register  # noqa: F401
