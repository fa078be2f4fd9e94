from .checks import register
from .paths import display_path

__all__ = ["display_path", "register"]
