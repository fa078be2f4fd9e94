"""Production settings: everything in pelicanconf.py, minus what only a preview needs."""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://www.buero-lindenblatt.example").rstrip("/")
SITEPATH = urlsplit(SITEURL).path.rstrip("/")  # "" at a domain's root, "/repo" below it
PUBLISH = True

# Drafts are never written in a production build.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# --- Deployment (invoke deploy-rsync / deploy-gh-pages) -----------------------------
# rsync over SSH, e.g. "web123@ssh.hoster.example:/var/www/html/" (env DEPLOY_RSYNC_TARGET)
DEPLOY_RSYNC_TARGET = os.environ.get("DEPLOY_RSYNC_TARGET", "")
# Own domain for GitHub Pages (written as CNAME); empty for <user>.github.io
DEPLOY_CNAME = os.environ.get("DEPLOY_CNAME", "")
