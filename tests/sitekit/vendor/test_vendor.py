"""The theme's font and icons are exact copies from the pinned npm packages."""

from __future__ import annotations

import pytest

from sitekit.vendor import planned


@pytest.mark.parametrize("source", sorted(planned()), ids=lambda p: p.name)
def test_vendored_file_is_the_packages_own(source):
    target = planned()[source]
    assert source.is_file(), f"{source} fehlt: make test installiert node_modules (npm ci)"
    assert target.read_bytes() == source.read_bytes(), f"{target}: invoke vendor ausführen"
