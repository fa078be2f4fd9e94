from .writer import ProtectingWriter, Rendered, protect, register

__all__ = ["ProtectingWriter", "Rendered", "protect", "register"]
