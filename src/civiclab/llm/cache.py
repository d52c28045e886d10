"""The response cache: re-runs and re-grading are reproducible and free.

Key: endpoint + model + messages + parameters (never the API key).  Only
successful responses are stored, and an existing entry is never overwritten:
the first answer for a key is the one every later run sees.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from pathlib import Path

from civiclab.llm._sqlite import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    created REAL NOT NULL,
    model TEXT NOT NULL,
    text TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL
);
"""


def cache_key(base_url: str, model: str, messages: list[dict], params: dict) -> str:
    blob = json.dumps(
        {"endpoint": base_url, "model": model, "messages": messages, "params": params},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = connect(path, _SCHEMA)
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT model, text, prompt_tokens, completion_tokens FROM responses WHERE key=?",
                (key,),
            ).fetchone()
        if row is None:
            return None
        return {"model": row[0], "text": row[1], "prompt_tokens": row[2], "completion_tokens": row[3]}

    def put(self, key: str, model: str, text: str, prompt_tokens: int, completion_tokens: int) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT OR IGNORE INTO responses VALUES (?, ?, ?, ?, ?, ?)",
                (key, time.time(), model, text, prompt_tokens, completion_tokens),
            )

    def __len__(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0]

    def close(self) -> None:
        self._conn.close()
