"""The report's Korean font: where it is, how wide its characters are, what it covers.

Charts are laid out in Python (label widths decide margins and legend rows), so they
need advance widths; the page embeds the font, so chart text must only use characters
the font has.  Reading both from the 4 MB TrueType file costs about 0.4 s, so they are
kept in a small JSON file per font (keyed by its path, size and mtime) as runs of
consecutive code points with the same width: NanumGothic's 11,172 Hangul syllables
are one run.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

_VERSION = "1"  # bump when the cached file's layout changes


def font_path(bold: bool = False) -> str:
    """NanumGothic (SIL OFL) from the installed koreanize-matplotlib package, without importing it."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        from civiclab.errors import ConfigError

        raise ConfigError("한글 글꼴 패키지(koreanize-matplotlib)가 설치되어 있지 않습니다.",
                          "make install 로 다시 설치해 주세요.")
    folder = os.path.join(next(iter(spec.submodule_search_locations)), "fonts")
    return os.path.join(folder, "NanumGothicBold.ttf" if bold else "NanumGothic.ttf")


def font_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/civiclab/fonts`` (or ``~/.cache``); a temp folder if home is read-only."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "civiclab" / "fonts"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / f"civiclab-fonts-{os.getuid()}"


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths (in em) and coverage, as sorted runs ``(first, last, width)``."""

    runs: tuple[tuple[int, int, float], ...]

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [r[0] for r in self.runs]

    def advance(self, ch: str) -> float | None:
        """Width of one character in em, or None if the font has no glyph for it."""
        import bisect

        cp = ord(ch)
        i = bisect.bisect_right(self._starts, cp) - 1
        if i >= 0 and self.runs[i][0] <= cp <= self.runs[i][1]:
            return self.runs[i][2]
        return None

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` in pixels at font size ``size``; unknown characters count as 1 em."""
        total = 0.0
        for ch in text:
            w = self.advance(ch)
            total += 1.0 if w is None else w
        return total * size

    def missing(self, text: str) -> str:
        """The characters of ``text`` the font cannot draw (spaces and line breaks excepted)."""
        return "".join(sorted({ch for ch in text if ch not in " \n\t" and self.advance(ch) is None}))


def _runs_from_font(path: str) -> list[list]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    upm = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    runs: list[list] = []
    for cp, glyph in sorted(font.getBestCmap().items()):
        w = round(hmtx[glyph][0] / upm, 4)
        if runs and runs[-1][1] == cp - 1 and runs[-1][2] == w:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp, w])
    return runs


@functools.lru_cache(maxsize=4)
def _metrics_for(path: str, size: int, mtime_ns: int, cache_dir: str) -> FontMetrics:
    key = hashlib.sha256(f"{_VERSION}|{os.path.abspath(path)}|{size}|{mtime_ns}".encode()).hexdigest()[:24]
    cached = Path(cache_dir) / f"metrics-{key}.json"
    runs = None
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
        if isinstance(data, list) and all(isinstance(r, list) and len(r) == 3 for r in data):
            runs = data
    except (OSError, ValueError):
        pass  # missing or damaged: rebuilt below
    if runs is None:
        runs = _runs_from_font(path)
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(runs, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, cached)  # a concurrent report never reads half a file
        except OSError:
            pass  # a read-only cache only costs time
    return FontMetrics(tuple((int(a), int(b), float(w)) for a, b, w in runs))


def metrics(bold: bool = False, cache_dir: Path | None = None) -> FontMetrics:
    path = font_path(bold)
    st = os.stat(path)
    return _metrics_for(path, st.st_size, st.st_mtime_ns, str(cache_dir or font_cache_dir()))
