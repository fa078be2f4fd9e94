from .indexer import SearchIndexError
from .plugin import index_site, is_search_page, register, search_indexed

__all__ = ["SearchIndexError", "index_site", "is_search_page", "register", "search_indexed"]
