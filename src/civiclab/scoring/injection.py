"""Public name for the injection detector (``civiclab.scoring.injection.find_injections``)."""

from civiclab.scoring.checks.injection import find_injections, has_injection

__all__ = ["find_injections", "has_injection"]
