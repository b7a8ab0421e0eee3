"""Risk screening: the versioned indicator catalogue, the rule sets and vectorised scoring."""
