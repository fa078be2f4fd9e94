from .plugin import absolute_siteurl, owner_placeholders, register, sitepath
from .schema import Setting, SettingsError, apply

__all__ = [
    "Setting",
    "SettingsError",
    "absolute_siteurl",
    "apply",
    "owner_placeholders",
    "register",
    "sitepath",
]
