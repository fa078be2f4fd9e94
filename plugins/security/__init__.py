from .csp import content_security_policy, merge_sources, origin_of, policy_problem
from .headers import register

__all__ = ["content_security_policy", "merge_sources", "origin_of", "policy_problem", "register"]
