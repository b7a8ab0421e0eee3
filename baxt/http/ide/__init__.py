"""GraphiQL served from the package itself, so that it works on a network with no internet.

`static/` holds the pinned upstream builds (where each came from, and how to update them, is
in `VERSIONS.md`) and the page's own script and styles; `licenses/` holds their licences.
"""

from __future__ import annotations
