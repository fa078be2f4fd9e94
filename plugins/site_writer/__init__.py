from .writer import ProtectingWriter, Rendered, pages_written, protect, register

__all__ = ["ProtectingWriter", "Rendered", "pages_written", "protect", "register"]
