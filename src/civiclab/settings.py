"""The one typed settings object.

Precedence: environment variables, then ``civiclab.toml``, then defaults.
The object is built once at an edge (CLI command, notebook, widget) and passed
down; nothing in the library reads the environment on its own.

Another local government adopts the lab by editing ``civiclab.toml`` (its
organization, its public office numbers, its prices and budgets, its data
folders), not the code.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from civiclab.errors import ConfigError

OFFLINE_MODEL = "civiclab-practice"
OFFLINE_BASE_URL = "http://civiclab-practice.invalid/v1"  # never resolved: answered in-process


class Price(BaseModel):
    """Estimated price in KRW per 1,000 tokens."""

    model_config = ConfigDict(extra="forbid")
    input_per_1k: float = Field(ge=0)
    output_per_1k: float = Field(ge=0)


# Rough list prices converted at about 1,400 KRW/USD; cities override them in civiclab.toml.
DEFAULT_PRICES: dict[str, Price] = {
    OFFLINE_MODEL: Price(input_per_1k=0.0, output_per_1k=0.0),
    "gpt-4o-mini": Price(input_per_1k=0.21, output_per_1k=0.84),
    "gpt-4o": Price(input_per_1k=3.5, output_per_1k=14.0),
    "gpt-4.1-mini": Price(input_per_1k=0.56, output_per_1k=2.24),
}


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    # --- model backend ---------------------------------------------------
    backend: Literal["offline", "openai"] = "offline"
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str = OFFLINE_MODEL
    judge_model: str | None = None
    timeout: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=3, ge=0, le=10)
    cache: bool = True
    # The practice model invents figures when a prompt gives none, to teach why
    # grounding matters.  Switch off for a "polite" practice model.
    practice_invents: bool = True

    # --- safety ----------------------------------------------------------
    pii_policy: Literal["block", "redact"] = "block"
    # If non-empty, the only base URLs the lab may call (prefix match).
    trusted_endpoints: list[str] = Field(default_factory=list)
    # Public office numbers that are not personal data (glob patterns).
    allowed_phone_numbers: list[str] = Field(default_factory=lambda: ["044-300-*", "044-120", "120"])
    # Grading kernels under bubblewrap (civiclab.grading.sandbox).  "auto" (default):
    # sandboxed where bwrap works, otherwise graded without it and said so on screen,
    # so a grader's laptop without bubblewrap can still grade; a lab server should set
    # "bwrap", which refuses to grade without the sandbox.  "none": never sandboxed.
    grading_sandbox: Literal["auto", "bwrap", "none"] = "auto"

    # --- who is calling (for the ledger and budgets) ----------------------
    user: str = Field(default_factory=lambda: os.environ.get("JUPYTERHUB_USER") or _login())
    cohort: str = "default"

    # --- budgets: 0 means no limit ----------------------------------------
    budget_tokens_per_learner: int = Field(default=0, ge=0)
    budget_krw_per_learner: float = Field(default=0, ge=0)
    budget_tokens_per_cohort: int = Field(default=0, ge=0)
    budget_krw_per_cohort: float = Field(default=0, ge=0)
    prices: dict[str, Price] = Field(default_factory=lambda: dict(DEFAULT_PRICES))

    # --- adoption by another local government -----------------------------
    organization: str = "세종특별자치시"

    # --- folders ----------------------------------------------------------
    root: Path = Field(default_factory=Path.cwd)
    state_dir: Path | None = None  # cache, ledger, learner history; default <root>/.civiclab
    prompts_dir: Path | None = None
    datasets_dir: Path | None = None

    @field_validator("base_url")
    @classmethod
    def _strip_url(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        v = v.strip().rstrip("/")
        if not v.startswith(("http://", "https://")):
            raise ValueError("base_url must start with http:// or https://")
        return v

    # Derived values are properties, not stored state, so they never drift.
    @property
    def state_path(self) -> Path:
        return Path(self.state_dir or self.root / ".civiclab")

    @property
    def prompts_path(self) -> Path:
        return Path(self.prompts_dir or self.root / "prompts")

    @property
    def datasets_path(self) -> Path:
        return Path(self.datasets_dir or self.root / "datasets")

    @property
    def effective_model(self) -> str:
        return OFFLINE_MODEL if self.backend == "offline" else self.model

    @property
    def effective_base_url(self) -> str:
        if self.backend == "offline":
            return OFFLINE_BASE_URL
        return self.base_url or "https://api.openai.com/v1"

    def price_for(self, model: str) -> Price | None:
        return self.prices.get(model)

    def redacted(self) -> dict:
        """A dict safe to print or store: the API key is never included."""
        data = self.model_dump(mode="json", exclude={"api_key"})
        data["api_key_set"] = self.api_key is not None
        return data


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return "learner"


_ENV_FIELDS = {
    "CIVICLAB_BACKEND": "backend",
    "CIVICLAB_BASE_URL": "base_url",
    "OPENAI_BASE_URL": "base_url",
    "OPENAI_API_KEY": "api_key",
    "CIVICLAB_API_KEY": "api_key",
    "CIVICLAB_MODEL": "model",
    "CIVICLAB_JUDGE_MODEL": "judge_model",
    "CIVICLAB_TIMEOUT": "timeout",
    "CIVICLAB_MAX_RETRIES": "max_retries",
    "CIVICLAB_CACHE": "cache",
    "CIVICLAB_PRACTICE_INVENTS": "practice_invents",
    "CIVICLAB_PII_POLICY": "pii_policy",
    "CIVICLAB_GRADING_SANDBOX": "grading_sandbox",
    "CIVICLAB_TRUSTED_ENDPOINTS": "trusted_endpoints",
    "CIVICLAB_USER": "user",
    "CIVICLAB_COHORT": "cohort",
    "CIVICLAB_ORGANIZATION": "organization",
    "CIVICLAB_ROOT": "root",
    "CIVICLAB_STATE_DIR": "state_dir",
    "CIVICLAB_PROMPTS_DIR": "prompts_dir",
    "CIVICLAB_DATASETS_DIR": "datasets_dir",
    "CIVICLAB_BUDGET_TOKENS_PER_LEARNER": "budget_tokens_per_learner",
    "CIVICLAB_BUDGET_KRW_PER_LEARNER": "budget_krw_per_learner",
    "CIVICLAB_BUDGET_TOKENS_PER_COHORT": "budget_tokens_per_cohort",
    "CIVICLAB_BUDGET_KRW_PER_COHORT": "budget_krw_per_cohort",
}
# Env var names that take precedence when two map to one field.
_PREFERRED = {"CIVICLAB_BASE_URL", "CIVICLAB_API_KEY"}
_ON = {"on", "1", "true", "yes", "켜기"}
_OFF = {"off", "0", "false", "no", "끄기"}


def _env_values(env: Mapping[str, str]) -> dict:
    values: dict = {}
    for name in sorted(_ENV_FIELDS, key=lambda n: n in _PREFERRED):
        raw = env.get(name)
        if raw is None or raw == "":
            continue
        field = _ENV_FIELDS[name]
        if field in ("cache", "practice_invents"):
            low = raw.strip().lower()
            if low not in _ON | _OFF:
                raise ConfigError(
                    f"환경 변수 {name}의 값 '{raw}'을(를) 알 수 없습니다.",
                    f"{name}=on 또는 {name}=off 로 지정하세요.",
                )
            values[field] = low in _ON
        elif field == "trusted_endpoints":
            values[field] = [u.strip() for u in raw.split(",") if u.strip()]
        else:
            values[field] = raw
    return values


def find_config(start: Path) -> Path | None:
    """``civiclab.toml`` in ``start`` or the nearest parent folder."""
    for folder in [start, *start.parents]:
        candidate = folder / "civiclab.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(
    env: Mapping[str, str] | None = None,
    config_file: Path | None = None,
    cwd: Path | None = None,
    **overrides,
) -> Settings:
    """Build :class:`Settings` from overrides, env, ``civiclab.toml`` and defaults."""
    env = os.environ if env is None else env
    cwd = Path(cwd or Path.cwd()).resolve()
    if config_file is None and env.get("CIVICLAB_CONFIG"):
        config_file = Path(env["CIVICLAB_CONFIG"])
        if not config_file.is_file():
            raise ConfigError(
                f"설정 파일 {config_file}을(를) 찾을 수 없습니다.",
                "CIVICLAB_CONFIG 환경 변수의 경로를 확인하세요.",
            )
    config_file = config_file or find_config(cwd)

    values: dict = {}
    if config_file is not None:
        values.update(_read_toml(config_file))
        values.setdefault("root", config_file.parent)
    values.update(_env_values(env))
    values.update({k: v for k, v in overrides.items() if v is not None})
    if "prices" in values:  # a city's price table adds to the defaults, it does not erase them
        values["prices"] = {**DEFAULT_PRICES, **values["prices"]}

    # No key and no base URL means the embedded practice model.
    if "backend" not in values:
        has_remote = values.get("api_key") or values.get("base_url")
        values["backend"] = "openai" if has_remote else "offline"
    if values["backend"] == "openai" and "model" not in values:
        values["model"] = "gpt-4o-mini"
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise ConfigError(
            "설정 값이 올바르지 않습니다: " + _describe(exc),
            "환경 변수(CIVICLAB_…)나 civiclab.toml의 해당 항목을 고치세요.",
            detail=str(exc),
        ) from None


def _read_toml(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"설정 파일 {path.name}을(를) 읽을 수 없습니다 ({exc}).",
            "TOML 문법(키 = \"값\")을 확인하세요.",
            detail=str(exc),
        ) from None
    # Sections are for readers; the settings themselves are flat.
    flat: dict = {}
    for key, value in data.items():
        if isinstance(value, dict) and key not in ("prices",):
            flat.update(value)
        else:
            flat[key] = value
    for key in ("root", "state_dir", "prompts_dir", "datasets_dir"):
        if key in flat and not Path(flat[key]).is_absolute():
            flat[key] = path.parent / flat[key]
    return flat


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(전체)"
        parts.append(f"'{loc}' 항목 ({err['msg']})")
    return ", ".join(parts)
