"""`invoke bench --weight`: the images a phone and a desktop download for the home page,
measured in Chromium, match the files in the build."""

from __future__ import annotations

import pytest

from sitekit.bench.images import image_weights

pytestmark = pytest.mark.browser


def test_home_page_images_are_measured_as_the_browser_loads_them(site, browser):
    phone, desktop = image_weights(site, browser=browser)
    for loaded in (phone, desktop):
        assert loaded.images, loaded.device  # the portrait, lazy, is loaded by scrolling
        for path, size in loaded.images:
            assert path.endswith(".webp")  # Chromium takes the WebP source; a photo's card
            assert size == (site / path.lstrip("/")).stat().st_size
        assert loaded.total == sum(size for _, size in loaded.images)
    # never the largest width on a phone's slot of 60vw (412 × 0.6 × 1.75 ≈ 433 px)
    assert all("-480." in path for path, _ in phone.images)
