"""The kit's Pelican plugins, one package per capability.

``pelicanconf.py`` names them as ``plugins.<name>`` in ``PLUGINS``; the project is
installed (editable) with its package ``plugins``, so nothing edits ``sys.path``.
Every plugin declares its settings with defaults and checks them once, at
``initialized``; none keeps state at module level, so two builds in one process
give identical output (the warm preview relies on that).
"""
