"""What auditors rely on: the ledger and its proofs, as-of replay, the access log, exports."""
