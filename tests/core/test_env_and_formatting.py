from decimal import Decimal

import pytest

from lindung.core import formatting
from lindung.env import ConfigError, env_bool, env_choice, env_int, env_list, env_str


def test_env_bool_rejects_garbage(monkeypatch):
    monkeypatch.setenv("DEBUG_X", "maybe")
    with pytest.raises(ConfigError, match="DEBUG_X='maybe' bukan nilai boolean"):
        env_bool("DEBUG_X")


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("ya", True), ("off", False), ("", False)])
def test_env_bool_values(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG_X", raw)
    assert env_bool("FLAG_X") is expected


def test_env_int_and_list_and_required(monkeypatch):
    monkeypatch.setenv("N_X", "12")
    monkeypatch.setenv("L_X", "a.example, b.example ,")
    assert env_int("N_X", 3) == 12
    assert env_list("L_X", []) == ["a.example", "b.example"]
    monkeypatch.setenv("N_X", "dua")
    with pytest.raises(ConfigError, match="bukan bilangan bulat"):
        env_int("N_X", 3)
    monkeypatch.delenv("REQ_X", raising=False)
    with pytest.raises(ConfigError, match="REQ_X wajib diisi"):
        env_str("REQ_X", required=True)
    monkeypatch.setenv("C_X", "staging")
    with pytest.raises(ConfigError, match="tidak dikenal"):
        env_choice("C_X", "demo", {"demo", "production"})


def test_production_settings_require_secret_key():
    import subprocess
    import sys

    env = {"LINDUNG_ENV": "production", "PATH": "/usr/bin:/bin"}
    code = "import lindung.settings"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert proc.returncode != 0
    assert "SECRET_KEY wajib diisi" in proc.stderr


def test_indonesian_number_formats():
    assert formatting.rupiah(519_840_000) == "Rp519.840.000"
    assert formatting.number(239_799) == "239.799"
    assert formatting.percent(Decimal(51_398) * 100 / Decimal(239_799)) == "21,43%"
    assert formatting.percent(Decimal("40.835")) == "40,84%"
    assert formatting.percent(None) == "–"
    assert formatting.mask_nik("1605086103053778") == "160508**********"
