"""The kit's own signals, beside Pelican's (documented here, sent by sitekit).

``text_changed`` (sender: the article) is sent by the warm preview when it replaced an
article's text in place: only words changed, not its fields, links, images or anchors,
and Pelican's memoized HTML of it is already dropped. A plugin that derives something
from an article's text (the reading time) connects here and updates it, so the preview
never has to know what plugins derive.
"""

from __future__ import annotations

from blinker import signal

text_changed = signal("sitekit.text_changed")
