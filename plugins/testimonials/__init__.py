from .plugin import Testimonial, register

__all__ = ["Testimonial", "register"]
