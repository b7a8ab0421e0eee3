"""The OIDC settings, their one-line errors, and `baxt token` beside an identity provider."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest
from click.testing import CliRunner

from baxt.application.access.principal import Role
from baxt.cli import main
from baxt.config import ConfigError, Settings, load_settings
from baxt.http.local_issuer import AUDIENCE, ISSUER, LocalIssuer
from baxt.http.oidc import OidcConfig, parse_algorithms, secure_url

SECRET = "unit-test-secret-of-a-decent-length"


def config_error(monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    for name, value in env.items():
        monkeypatch.setenv(f"BAXT_{name.upper()}", value)
    with pytest.raises(ConfigError) as failed:
        load_settings()
    message = str(failed.value)
    assert "\n" not in message
    return message


def test_the_default_algorithms_are_rs256_and_es256() -> None:
    settings = Settings(oidc_issuer="https://id.example/realms/baxt", oidc_audience="baxt-api")

    assert parse_algorithms(settings.oidc_algorithms) == ("RS256", "ES256")
    assert settings.oidc_leeway_seconds == 30
    assert settings.oidc_role_claim == "role"


@pytest.mark.parametrize("named", ["RS256,HS256", "none", "HS512", "RS256, NONE"])
def test_none_and_hmac_algorithms_are_a_start_up_error(
    monkeypatch: pytest.MonkeyPatch, named: str
) -> None:
    message = config_error(monkeypatch, oidc_algorithms=named)

    assert message.startswith("BAXT_OIDC_ALGORITHMS: ")
    assert "is refused for OIDC tokens" in message


def test_an_unknown_algorithm_is_a_start_up_error(monkeypatch: pytest.MonkeyPatch) -> None:
    message = config_error(monkeypatch, oidc_algorithms="RS256,XS999")

    assert message.startswith("BAXT_OIDC_ALGORITHMS: ")
    assert "XS999 is not one of" in message


def test_an_issuer_without_an_audience_is_a_start_up_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    message = config_error(monkeypatch, oidc_issuer="https://id.example/realms/baxt")

    assert message.startswith("BAXT_OIDC_AUDIENCE: ")
    assert "required when BAXT_OIDC_ISSUER is set" in message


@pytest.mark.parametrize("name", ["oidc_issuer", "oidc_jwks_url"])
def test_a_plain_http_url_to_another_host_is_a_start_up_error(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("BAXT_OIDC_AUDIENCE", "baxt-api")

    message = config_error(monkeypatch, **{name: "http://id.example/realms/baxt"})

    assert message.startswith(f"BAXT_{name.upper()}: ")
    assert "https://" in message


def test_plain_http_is_allowed_to_this_machine_only() -> None:
    assert secure_url("http://127.0.0.1:8080/realms/baxt") == "http://127.0.0.1:8080/realms/baxt"
    with pytest.raises(ValueError, match="https://"):
        secure_url("ftp://id.example/realms/baxt")


def test_an_oidc_config_naming_hs256_cannot_be_built() -> None:
    with pytest.raises(ValueError, match="HS256 is refused"):
        OidcConfig(issuer="https://id.example", audience="baxt-api", algorithms=("HS256",))


def test_baxt_token_adds_the_scope_claims_given(tmp_path: Path) -> None:
    env = {"BAXT_JWT_SECRET": SECRET, "BAXT_DATA_DIR": str(tmp_path)}
    arguments = ["token", "--user", "nodira.supervisor", "--role", "supervisor"]
    scope = ["--region", "Toshkent shahri", "--district", "Chilonzor", "--district", "Yunusobod"]

    printed = CliRunner().invoke(main, [*arguments, *scope, "--org", "unicef"], env=env)

    assert printed.exit_code == 0, printed.output
    token = printed.output.strip()
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER)
    assert claims["regions"] == ["Toshkent shahri"]
    assert claims["districts"] == ["Chilonzor", "Yunusobod"]
    assert claims["org"] == "unicef"
    assert "mahallas" not in claims
    principal = LocalIssuer(SECRET.encode()).verify(token)
    assert (principal.user, principal.role) == ("nodira.supervisor", Role.SUPERVISOR)
    assert principal.districts == ("Chilonzor", "Yunusobod")


def test_baxt_token_refuses_when_an_identity_provider_issues_the_tokens(
    tmp_path: Path,
) -> None:
    env = {
        "BAXT_JWT_SECRET": SECRET,
        "BAXT_DATA_DIR": str(tmp_path),
        "BAXT_OIDC_ISSUER": "https://id.example/realms/baxt",
        "BAXT_OIDC_AUDIENCE": "baxt-api",
    }

    refused = CliRunner().invoke(main, ["token", "--user", "x"], env=env)

    assert refused.exit_code == 1
    assert "tokens come from that identity provider" in refused.output
