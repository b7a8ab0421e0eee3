"""Interagency teams over GraphQL: teams, gatherings, conference decisions, training figures."""
