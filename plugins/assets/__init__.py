from .fingerprint import fingerprinted, register

__all__ = ["fingerprinted", "register"]
