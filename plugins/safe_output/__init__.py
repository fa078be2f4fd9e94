from .swap import register, swap_in  # noqa: F401
