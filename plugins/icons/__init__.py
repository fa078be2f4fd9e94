from .plugin import icon_svg, register

__all__ = ["icon_svg", "register"]
