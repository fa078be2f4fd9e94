from .csp import meta_policy, origin_of  # noqa: F401
from .headers import register  # noqa: F401
