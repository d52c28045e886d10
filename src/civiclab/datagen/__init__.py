"""Seeded, vectorised generators for synthetic course data (complaint logs)."""

from civiclab.datagen.complaints import ComplaintConfig, generate_complaints, write_complaints

__all__ = ["ComplaintConfig", "generate_complaints", "write_complaints"]
