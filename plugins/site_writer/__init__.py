from .writer import (
    ProtectingWriter,
    Rendered,
    content_pages_written,
    pages_written,
    protect,
    register,
)

__all__ = [
    "ProtectingWriter",
    "Rendered",
    "content_pages_written",
    "pages_written",
    "protect",
    "register",
]
