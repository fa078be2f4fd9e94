from .plugin import MenuItem, page_for, pages_by_template, register

__all__ = ["MenuItem", "page_for", "pages_by_template", "register"]
