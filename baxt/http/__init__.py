"""The HTTP side of the API: the Starlette app, its middleware and rate limit, and who may
call it (the bearer check, the local token issuer and the OIDC verifier)."""
