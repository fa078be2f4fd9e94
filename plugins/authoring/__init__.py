from .scaffold import KINDS, scaffold  # noqa: F401
