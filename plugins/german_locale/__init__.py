from .locale import german_date, iso_date, load_translations, register, translations_for

__all__ = ["german_date", "iso_date", "load_translations", "register", "translations_for"]
