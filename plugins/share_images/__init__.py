from .plugin import Share, ShareImages, own_image, register, share_for

__all__ = ["Share", "ShareImages", "own_image", "register", "share_for"]
