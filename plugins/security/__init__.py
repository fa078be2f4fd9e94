from .csp import meta_policy, origin_of  # noqa: F401
