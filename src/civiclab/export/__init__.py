"""Exports of finished drafts into the formats officials take back to the office."""
