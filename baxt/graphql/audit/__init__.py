"""The auditors' queries: history as of any moment, tamper evidence, the access log."""
