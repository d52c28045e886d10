"""Detectors for Korean personal data (shared by the gateway guard and the scorer).

Placeholder owned by the foundation: see ``find_pii``.
"""
