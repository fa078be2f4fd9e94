from .plugin import register, sitemap_entries

__all__ = ["register", "sitemap_entries"]
