"""Production settings: everything in pelicanconf.py, minus what only a preview needs."""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://www.buero-lindenblatt.example").rstrip("/")
PUBLISH = True

# Drafts are never written in a production build.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
