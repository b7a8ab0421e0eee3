"""Who a request is from: the local token issuer and the verifier the API checks tokens with."""

from __future__ import annotations

from baxt.config import ConfigError, Settings
from baxt.http.bearer import TokenVerifier
from baxt.http.local_issuer import LocalIssuer
from baxt.http.oidc import OidcConfig, OidcSetupError, discover, parse_algorithms
from baxt.keys import key_bytes


def token_issuer(settings: Settings) -> LocalIssuer:
    """The issuer of local tokens, signed with the settings' (or the data folder's) key."""
    return LocalIssuer(key_bytes(settings.jwt_secret, settings.data_dir, "jwt.key"))


def token_verifier(settings: Settings) -> TokenVerifier:
    """The OIDC issuer's verifier when BAXT_OIDC_ISSUER is set, else the local issuer.

    Raises ConfigError when the issuer's discovery document or keys cannot be read.
    """
    if settings.oidc_issuer is None:
        return token_issuer(settings)
    config = OidcConfig(
        issuer=settings.oidc_issuer,
        audience=settings.oidc_audience or "",
        algorithms=parse_algorithms(settings.oidc_algorithms),
        jwks_url=settings.oidc_jwks_url,
        leeway_seconds=settings.oidc_leeway_seconds,
        role_claim=settings.oidc_role_claim,
    )
    try:
        return discover(config)
    except OidcSetupError as error:
        name = "BAXT_OIDC_JWKS_URL" if settings.oidc_jwks_url else "BAXT_OIDC_ISSUER"
        raise ConfigError(f"{name}: {error}") from None
