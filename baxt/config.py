from __future__ import annotations

from pathlib import Path
from typing import Literal

from limits import parse as parse_rate_limit
from psycopg.conninfo import conninfo_to_dict
from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from baxt.application.pii.master_keys import parse_master_key
from baxt.domain.approvals import (
    DEFAULT_CLOSURE_REASONS,
    DEFAULT_TRANSFER_APPROVAL,
    DEFAULT_WORK_PLAN_APPROVAL,
    ApprovalPolicy,
)
from baxt.http.oidc import parse_algorithms, secure_url
from baxt.logs import LogFormat


class ConfigError(RuntimeError):
    """Raised when a BAXT_ setting is missing or malformed; its message is one line."""


class Settings(BaseSettings):
    """Settings from BAXT_* environment variables, checked at start-up."""

    model_config = SettingsConfigDict(env_prefix="BAXT_", extra="ignore")

    database_url: str | None = None
    data_dir: Path = Path(".baxt")
    broker_url: str | None = None
    jwt_secret: SecretStr | None = None
    case_key: SecretStr | None = None
    verify_pinfl_check_digit: bool = False
    read_your_writes_timeout: float = Field(default=1.0, gt=0, le=60)
    max_page_size: int = Field(default=100, ge=1, le=1000)
    max_query_cost: int = Field(default=20_000, ge=100, le=100_000_000)
    projection_batch_size: int = Field(default=1000, ge=1, le=100_000)
    follower_heartbeat_seconds: float = Field(default=1.0, gt=0, le=60)
    follower_stale_seconds: float = Field(default=15.0, ge=1, le=3600)
    follower_retry_max_seconds: float = Field(default=2.0, gt=0, le=300)
    token_hours: float = Field(default=12.0, gt=0)
    oidc_issuer: str | None = None
    oidc_audience: str | None = Field(default=None, validate_default=True)
    oidc_jwks_url: str | None = None
    oidc_algorithms: str = "RS256,ES256"
    oidc_leeway_seconds: float = Field(default=30.0, ge=0, le=300)
    oidc_role_claim: str = Field(default="role", min_length=1)
    monitoring_client_id: str | None = None
    log_level: str = "INFO"
    log_format: LogFormat | None = None
    metrics_token: SecretStr | None = None
    public_url: str = "http://127.0.0.1:8000"
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_sender: str = "baxt@localhost"
    sms_gateway_url: str | None = None
    sms_gateway_token: SecretStr | None = None
    notification_max_attempts: int = Field(default=8, ge=1, le=100)
    outbox_sweep_seconds: float = Field(default=5.0, gt=0, le=300)
    outbox_stale_seconds: float = Field(default=600.0, ge=1, le=86_400)
    urgent_stale_seconds: float = Field(default=10.0, ge=1, le=3600)
    redis_heartbeat_timeout_seconds: float = Field(default=10.0, ge=2, le=3600)
    overdue_supervisor_after_days: int = Field(default=14, ge=1, le=365)
    referral_answer_days: int = Field(default=5, ge=1, le=365)
    referral_escalate_days: int = Field(default=10, ge=1, le=365)
    small_count: int = Field(default=5, ge=2, le=100)
    log_origin: str = Field(default="baxt.local/cases", pattern=r"^[!-*,-~]+$")
    checkpoint_key_file: Path | None = None
    checkpoint_previous_keys: str = Field(
        default="", pattern=r"^([0-9a-fA-F]{64}(,[0-9a-fA-F]{64})*)?$"
    )
    checkpoint_every_minutes: int = Field(default=60, ge=1, le=1440)
    environment: Literal["development", "production"] = "development"
    max_request_bytes: int = Field(default=100_000, ge=1_000, le=100_000_000)
    request_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    rate_limit: str = "300/minute"
    rate_limit_storage: str = "memory://"
    rate_limit_key_prefix: str = Field(default="LIMITS", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    trusted_documents: Path | None = None
    webhook_retry_base_seconds: float = Field(default=5.0, gt=0, le=3600)
    webhook_retry_max_seconds: float = Field(default=3600.0, gt=0, le=86_400)
    webhook_max_attempts: int = Field(default=12, ge=1, le=100)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    pii_key: SecretStr | None = None
    pii_key_file: Path | None = None
    pii_previous_keys: SecretStr = SecretStr("")
    pii_key_cache_seconds: float = Field(default=5.0, ge=0, le=300)
    closure_approval_reasons: str = ",".join(sorted(r.value for r in DEFAULT_CLOSURE_REASONS))
    work_plan_approval: bool = DEFAULT_WORK_PLAN_APPROVAL
    transfer_approval: bool = DEFAULT_TRANSFER_APPROVAL
    otlp_endpoint: str | None = None

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must be a postgresql:// URL")
        try:
            conninfo_to_dict(value)
        except Exception as error:
            raise ValueError(f"is not a valid PostgreSQL URL ({error})") from None
        return value

    @field_validator("broker_url")
    @classmethod
    def _broker_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("amqp://", "amqps://", "redis://", "rediss://")):
            raise ValueError("must be an amqp:// or redis:// URL")
        return value

    @field_validator("otlp_endpoint")
    @classmethod
    def _otlp_endpoint(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.strip().startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL (OTLP over HTTP)")
        return value.strip()

    @field_validator("rate_limit")
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        try:
            parse_rate_limit(value)
        except ValueError:
            raise ValueError("must read like 300/minute") from None
        return value

    @field_validator("pii_key", "pii_previous_keys")
    @classmethod
    def _pii_keys(cls, value: SecretStr | None) -> SecretStr | None:
        for text in (value.get_secret_value() if value else "").split(","):
            if text.strip():
                parse_master_key(text)
        return value

    @field_validator("rate_limit_storage")
    @classmethod
    def _rate_limit_storage(cls, value: str) -> str:
        if not value.startswith(("memory://", "redis://", "rediss://", "redis+sentinel://")):
            raise ValueError("must be memory:// or a redis:// URL")
        return value

    @field_validator("closure_approval_reasons")
    @classmethod
    def _closure_approval_reasons(cls, value: str) -> str:
        try:
            ApprovalPolicy.of_names(value.split(","))
        except ValueError as error:
            raise ValueError(
                f"must list close reasons, e.g. NO_NEEDS_FOUND,OTHER ({error})"
            ) from None
        return value

    @property
    def approvals(self) -> ApprovalPolicy:
        """Which of a caseworker's actions wait for a supervisor's approval."""
        return ApprovalPolicy.of_names(
            self.closure_approval_reasons.split(","),
            work_plan=self.work_plan_approval,
            transfer=self.transfer_approval,
        )

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @field_validator("oidc_issuer", "oidc_jwks_url")
    @classmethod
    def _oidc_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return secure_url(value.strip())

    @field_validator("oidc_audience")
    @classmethod
    def _oidc_audience(cls, value: str | None, info: ValidationInfo) -> str | None:
        audience = value.strip() if value else ""
        if info.data.get("oidc_issuer") and not audience:
            raise ValueError("is required when BAXT_OIDC_ISSUER is set")
        return audience or None

    @field_validator("oidc_algorithms")
    @classmethod
    def _oidc_algorithms(cls, value: str) -> str:
        return ",".join(parse_algorithms(value))


def load_settings() -> Settings:
    """The settings from the environment, or a ConfigError that names the bad variable."""
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = "BAXT_" + str(first["loc"][0]).upper() if first["loc"] else "BAXT_*"
        raise ConfigError(f"{name}: {first['msg']}") from None
