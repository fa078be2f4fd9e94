from .plugin import absolute_siteurl, build_workers, register, sitepath
from .schema import Setting, SettingsError, apply

__all__ = [
    "Setting",
    "SettingsError",
    "absolute_siteurl",
    "apply",
    "build_workers",
    "register",
    "sitepath",
]
