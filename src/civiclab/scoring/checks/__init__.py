"""Deterministic checks.  Each takes the draft (and what it needs) and returns Findings."""
