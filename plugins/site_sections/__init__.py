from .sections import faq_of, register, services_of

__all__ = ["faq_of", "register", "services_of"]
