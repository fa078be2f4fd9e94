"""A release built by `invoke publish` (all gates), shared by the release tests."""

from __future__ import annotations

import pytest
from helpers import DEMO_CONTENT, Publish, run_publish


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Publish:
    """The demo content published with every gate (Lighthouse included)."""
    folder = tmp_path_factory.mktemp("release") / "public"
    result = run_publish(DEMO_CONTENT, folder)
    print(result.output)  # the gate figures, visible with pytest -s
    return result
