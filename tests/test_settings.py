from __future__ import annotations

import pytest

from civiclab.errors import ConfigError
from civiclab.settings import OFFLINE_MODEL, load_settings


def test_defaults_are_offline(tmp_path):
    s = load_settings(env={}, cwd=tmp_path)
    assert s.backend == "offline" and s.effective_model == OFFLINE_MODEL
    assert s.cache and s.pii_policy == "block"


def test_key_or_base_url_switches_to_openai(tmp_path):
    assert load_settings(env={"OPENAI_API_KEY": "sk-x"}, cwd=tmp_path).backend == "openai"
    s = load_settings(env={"OPENAI_BASE_URL": "http://127.0.0.1:8000/v1/"}, cwd=tmp_path)
    assert s.backend == "openai" and s.base_url == "http://127.0.0.1:8000/v1"


def test_env_beats_toml_beats_defaults(tmp_path):
    (tmp_path / "civiclab.toml").write_text(
        '[llm]\nmodel = "from-toml"\ntimeout = 12\n[safety]\npii_policy = "redact"\n'
        '[prices."from-toml"]\ninput_per_1k = 1.0\noutput_per_1k = 2.0\n',
        encoding="utf-8",
    )
    s = load_settings(env={"CIVICLAB_BACKEND": "openai", "CIVICLAB_TIMEOUT": "30"}, cwd=tmp_path)
    assert s.model == "from-toml" and s.timeout == 30 and s.pii_policy == "redact"
    assert s.price_for("from-toml").output_per_1k == 2.0
    assert s.root == tmp_path


def test_toml_found_in_parent_folder(tmp_path):
    (tmp_path / "civiclab.toml").write_text('organization = "충청남도 공주시"\n', encoding="utf-8")
    sub = tmp_path / "notebooks"
    sub.mkdir()
    assert load_settings(env={}, cwd=sub).organization == "충청남도 공주시"


@pytest.mark.parametrize(
    "env, word",
    [({"CIVICLAB_CACHE": "maybe"}, "CIVICLAB_CACHE"), ({"CIVICLAB_BACKEND": "gpt"}, "backend"),
     ({"CIVICLAB_TIMEOUT": "-1"}, "timeout"), ({"OPENAI_BASE_URL": "ftp://x"}, "base_url")],
)
def test_bad_values_are_config_errors_in_korean(tmp_path, env, word):
    with pytest.raises(ConfigError) as info:
        load_settings(env=env, cwd=tmp_path)
    assert word in info.value.problem and info.value.fix


def test_broken_toml_is_a_config_error(tmp_path):
    (tmp_path / "civiclab.toml").write_text("model = \n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(env={}, cwd=tmp_path)


def test_redacted_never_holds_the_key(tmp_path):
    s = load_settings(env={"OPENAI_API_KEY": "sk-very-secret"}, cwd=tmp_path)
    assert "sk-very-secret" not in repr(s) and "sk-very-secret" not in str(s.redacted())
    assert s.redacted()["api_key_set"] is True
