from .checks import register  # noqa: F401
from .paths import display_path  # noqa: F401
