from .plugin import apply_german_rules, register
from .slugs import SLUG_SUBSTITUTIONS, german_slugify, toc_slugify

__all__ = ["SLUG_SUBSTITUTIONS", "apply_german_rules", "german_slugify", "register", "toc_slugify"]
