"""The owner's own site (content/ and owner.yml), whatever it holds: it builds, no internal
link is dead, and nothing of the demo shows outside the files marked as demo.

Every other test builds the kit's own demo (sitekit/demo), so `make test` passes on any
owner's content; these few look at hers.
"""

from __future__ import annotations

import pytest
from helpers import ROOT, build_site

from plugins.site_settings.owner import load_owner
from sitekit.demo import DEMO_OWNER, content_refusals, identity, owner_refusals
from sitekit.release.links import links_gate

CONTENT = ROOT / "content"
OWNER = ROOT / "owner.yml"


@pytest.fixture(scope="module")
def own_release(tmp_path_factory):
    out = tmp_path_factory.mktemp("eigene-website") / "public"
    build = build_site(CONTENT, out, "publishconf.py", owner=OWNER)
    assert build.ok, build.output
    return out


def test_her_site_builds_for_production_without_a_warning(own_release):
    assert (own_release / "index.html").is_file()
    assert (own_release / "impressum" / "index.html").is_file()


def test_her_site_has_no_dead_internal_link(own_release):
    result = links_gate(own_release, load_owner(OWNER)["website"])
    assert result.ok, "\n".join(result.problems)


def test_nothing_of_the_demo_outside_what_is_marked_demo():
    marks = identity()
    unmarked = [line for line in content_refusals(CONTENT, marks) if "gehört zur Demo" not in line]
    assert unmarked == []
    if OWNER.read_bytes() != DEMO_OWNER.read_bytes():  # she has made owner.yml her own
        assert owner_refusals(OWNER, marks) == []
