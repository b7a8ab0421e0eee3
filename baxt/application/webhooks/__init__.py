"""Webhooks to partner organisations: endpoints, the notices they hear of, and their delivery."""
