from .plugin import Testimonial, placeholder_testimonials, register

__all__ = ["Testimonial", "placeholder_testimonials", "register"]
