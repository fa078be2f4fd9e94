"""Local HTTP servers: the static server with the site's own headers, the live preview."""
