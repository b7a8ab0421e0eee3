"""Partners' webhook endpoints and their delivery log."""
