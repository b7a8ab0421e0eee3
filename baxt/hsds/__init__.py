"""A read-only Open Referral HSDS 3.0 API over the service directory, for partners' tools."""
