"""Reports of concern: receiving them, the district's triage queue, and handling them."""
