"""Paths shared by tests (imported as ``support``; conftest modules are not importable by name)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
