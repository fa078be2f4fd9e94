"""Production settings: everything in pelicanconf.py, minus what only a preview needs."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

# pelicanconf.py is read by its path (no sys.path change); only settings (UPPER_CASE) count.
_preview = runpy.run_path(str(Path(__file__).with_name("pelicanconf.py")))
globals().update({name: value for name, value in _preview.items() if name.isupper()})

# The address of the finished site: owner.yml's `website`, or SITEURL from the environment
# (a preview deploy under another address).
SITEURL = (os.environ.get("SITEURL") or OWNER_WEBSITE).rstrip("/")  # noqa: F821 - from pelicanconf
PUBLISH = True

# The receiver for the questionnaire, under the site's own domain (deploy/Caddyfile,
# deploy/nginx.conf proxy /api/ to it). Without a receiver server: QUESTIONNAIRE_RECEIVER=""
# (environment variable too), and the questionnaire prepares an e-mail instead.
QUESTIONNAIRE_RECEIVER = os.environ.get("QUESTIONNAIRE_RECEIVER", f"{SITEURL}/api").rstrip("/")

# Drafts are never written in a production build.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# --- Deployment (invoke deploy-rsync / deploy-gh-pages) -----------------------------
# rsync over SSH, e.g. "web123@ssh.hoster.example:/var/www/html/" (env DEPLOY_RSYNC_TARGET)
DEPLOY_RSYNC_TARGET = os.environ.get("DEPLOY_RSYNC_TARGET", "")
# Own domain for GitHub Pages (written as CNAME); empty for <user>.github.io
DEPLOY_CNAME = os.environ.get("DEPLOY_CNAME", "")
