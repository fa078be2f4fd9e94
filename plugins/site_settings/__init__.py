from .plugin import absolute_siteurl, build_workers, owner_placeholders, register, sitepath
from .schema import Setting, SettingsError, apply

__all__ = [
    "Setting",
    "SettingsError",
    "absolute_siteurl",
    "apply",
    "build_workers",
    "owner_placeholders",
    "register",
    "sitepath",
]
