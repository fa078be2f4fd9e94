"""The kit's tooling around the Pelican site: everything that is not a Pelican plugin.

- ``build``: one in-process build with German one-line messages (used by invoke and tests)
- ``release``: the release gates and ``invoke publish``, deploy commands
- ``servers``: the local static server with the site's own headers, the live preview
- ``scaffold``: ``invoke new``; ``bench``: ``invoke bench``; ``chromium``: browser settings
"""
