"""Baxt: event-sourced case management for children at risk."""
