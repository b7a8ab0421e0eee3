"""Published quarters' parts: the publisher and verifier, on the checkpoint key."""

from __future__ import annotations

from baxt.application.monitoring.publishing import PublishedQuarters
from baxt.application.monitoring.sources import Explain
from baxt.bootstrap.audit import checkpoint_signer
from baxt.bootstrap.common import Runtime, case_application
from baxt.keys import checkpoint_key
from baxt.projections.figure_sources import explainer
from baxt.projections.figures_at import derive_tables, events_root


def published_quarters(runtime: Runtime) -> PublishedQuarters:
    """Publishes and verifies quarters with the checkpoint key, deriving the figures from the
    events."""
    settings = runtime.settings
    key = checkpoint_key(settings.checkpoint_key_file, settings.data_dir)
    identity = checkpoint_signer(runtime).identity
    url = runtime.database_url
    derive = derive_tables(url, lambda: case_application(runtime))
    return PublishedQuarters(url, identity, key, derive, lambda size: events_root(url, size))


def figure_explainer(runtime: Runtime) -> Explain:
    """Explains published cells from the events up to their quarter's published position."""
    return explainer(runtime.database_url, lambda: case_application(runtime))
