"""Learner-facing ipywidgets.  ``from civiclab.widgets import Playground``."""

from __future__ import annotations

__all__ = ["Playground"]


def __getattr__(name: str):
    if name == "Playground":
        from civiclab.widgets.playground import Playground

        return Playground
    raise AttributeError(name)
