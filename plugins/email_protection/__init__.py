from .obfuscate import register  # noqa: F401
