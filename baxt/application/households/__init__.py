"""Household records: a family's guardians, address and members, and its children's cases."""
