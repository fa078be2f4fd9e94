from .slugs import SLUG_SUBSTITUTIONS, german_slugify, toc_slugify  # noqa: F401
