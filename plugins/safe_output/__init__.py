from .swap import BuildFailed, SafeOutput, register, remove_stale_siblings, swap_in

__all__ = ["BuildFailed", "SafeOutput", "register", "remove_stale_siblings", "swap_in"]
