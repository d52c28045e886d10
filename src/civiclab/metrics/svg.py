"""A small SVG plotting kit for the report's charts: canvas, panels with linear scales,
and the marks the charts use (lines with gaps, bands, bars, boxes, dots, cells).

Why not matplotlib: importing its ``Figure`` and drawing four charts with Hangul as
glyph outlines cost about 0.8 s CPU per report, more than loading a million complaint
rows from Parquet.  Here text stays text (``<text>``), drawn by the page's embedded
NanumGothic subset, so Korean renders without boxes and stays selectable and
searchable; widths for layout come from the same font (:mod:`fontinfo`).

Coordinates are pixels in a ``viewBox``; the page scales the SVG to its column.
Output is deterministic: the same data gives the same bytes.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from html import escape

from civiclab.metrics.fontinfo import FontMetrics, metrics

FONT_STACK = ("civiclab-ko,NanumGothic,'Nanum Gothic','Noto Sans KR','Malgun Gothic',"
              "'Apple SD Gothic Neo',sans-serif")
TAB10 = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
         "#bcbd22", "#17becf")
TAB20 = ("#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
         "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7",
         "#bcbd22", "#dbdb8d", "#17becf", "#9edae5")
# ColorBrewer RdYlGn (11 classes), low scores red, high green
_RDYLGN = ("#a50026", "#d73027", "#f46d43", "#fdae61", "#fee08b", "#ffffbf", "#d9ef8b", "#a6d96a",
           "#66bd63", "#1a9850", "#006837")
INK, GRID, MUTED = "#222", "#e5e5e5", "#555"


def rdylgn(t: float) -> str:
    """Colour for ``t`` in [0, 1], interpolated between the 11 ColorBrewer classes."""
    t = min(1.0, max(0.0, t)) * (len(_RDYLGN) - 1)
    i = min(int(t), len(_RDYLGN) - 2)
    a, b = _RDYLGN[i], _RDYLGN[i + 1]
    f = t - i
    mix = [round(int(a[k:k + 2], 16) * (1 - f) + int(b[k:k + 2], 16) * f) for k in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _n(v: float) -> str:
    """A coordinate with one decimal, no trailing zeros (smaller, byte-stable files)."""
    s = f"{v:.1f}"
    return s[:-2] if s.endswith(".0") else s


def finite(v) -> bool:
    try:
        return v is not None and math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def nice_ticks(lo: float, hi: float, n: int = 5, integer: bool = False) -> list[float]:
    """About ``n`` round tick values covering [lo, hi] (1, 2, 2.5 or 5 times a power of ten);
    ``integer``: whole steps only, for counts."""
    if not (finite(lo) and finite(hi)):
        return [0.0, 1.0]
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(1, n)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    if integer:  # whole steps, at least 1 (a control mean of 0.3 complaints still gets 0, 1)
        step = max(1.0, float(math.ceil(step)))
    first = math.floor(lo / step + 1e-9) * step
    ticks: list[float] = []
    while not ticks or ticks[-1] < hi - step * 1e-9:
        ticks.append(round(first + len(ticks) * step, 10))  # multiplied, not summed: no drift
    return ticks


def fmt_tick(v: float) -> str:
    if abs(v - round(v)) < 1e-9:
        return f"{int(round(v)):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


class Canvas:
    """An SVG document being built: text, shapes and a legend, in pixel coordinates."""

    def __init__(self, width: float, height: float, title: str = ""):
        self.width, self.height, self.title = width, height, title
        self.parts: list[str] = []
        self.font: FontMetrics = metrics()

    def text_width(self, s: str, size: float) -> float:
        return self.font.width(s, size)

    def fit(self, s: str, size: float, max_width: float | None) -> str:
        """``s`` cut to ``max_width`` pixels with a trailing "…" (the whole label if it fits)."""
        if max_width is None or self.text_width(s, size) <= max_width:
            return s
        room, used, out = max_width - self.text_width("…", size), 0.0, []
        for ch in s:
            used += self.text_width(ch, size)
            if used > room:
                break
            out.append(ch)
        return "".join(out).rstrip() + "…"

    def text(self, x: float, y: float, s: str, *, size: float = 10, anchor: str = "start",
             color: str = INK, bold: bool = False, rotate: float | None = None,
             middle: bool = False, fit: float | None = None, keep: str = "") -> None:
        """``fit``: widest the label may be; a longer one is cut with "…" and keeps its whole
        text as a tooltip (``<title>``), so long names never push the layout off the canvas.
        ``keep``: an ending never cut, e.g. a count after a name."""
        # NanumGothicBold has the regular advances: one measure for both
        shown = self.fit(s, size, None if fit is None else fit - self.text_width(keep, size)) + keep
        s += keep
        attrs = [f'x="{_n(x)}" y="{_n(y)}"', f'font-size="{_n(size)}"']
        if anchor != "start":
            attrs.append(f'text-anchor="{anchor}"')
        if color != INK:
            attrs.append(f'fill="{color}"')
        if bold:
            attrs.append('font-weight="bold"')
        if middle:
            attrs.append('dominant-baseline="central"')
        if rotate:
            attrs.append(f'transform="rotate({_n(rotate)} {_n(x)} {_n(y)})"')
        tip = f"<title>{escape(s)}</title>" if shown != s else ""
        self.parts.append(f"<text {' '.join(attrs)}>{escape(shown)}{tip}</text>")

    def line(self, x0, y0, x1, y1, *, color: str = INK, width: float = 1, dash: str | None = None,
             opacity: float | None = None) -> None:
        extra = (f' stroke-dasharray="{dash}"' if dash else "") + (f' opacity="{opacity}"' if opacity else "")
        self.parts.append(f'<line x1="{_n(x0)}" y1="{_n(y0)}" x2="{_n(x1)}" y2="{_n(y1)}" '
                          f'stroke="{color}" stroke-width="{_n(width)}"{extra}/>')

    def rect(self, x, y, w, h, *, fill: str, opacity: float | None = None, stroke: str | None = None,
             tip: str | None = None) -> None:
        if h < 0:
            y, h = y + h, -h
        if w < 0:
            x, w = x + w, -w
        extra = (f' fill-opacity="{opacity}"' if opacity is not None else "") + (
            f' stroke="{stroke}"' if stroke else "")
        body = f"<title>{escape(tip)}</title>" if tip else ""
        self.parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}"{extra}'
                          + (f">{body}</rect>" if body else "/>"))

    def path(self, d: str, *, stroke: str = "none", fill: str = "none", width: float = 1,
             dash: str | None = None, opacity: float | None = None) -> None:
        extra = (f' stroke-dasharray="{dash}"' if dash else "") + (
            f' fill-opacity="{opacity}"' if opacity is not None else "")
        self.parts.append(f'<path d="{d}" stroke="{stroke}" fill="{fill}" stroke-width="{_n(width)}" '
                          f'stroke-linejoin="round"{extra}/>')

    def circle(self, x, y, r, *, fill: str, stroke: str | None = None, tip: str | None = None) -> None:
        extra = f' stroke="{stroke}"' if stroke else ""
        head = f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{fill}"{extra}'
        self.parts.append(head + (f"><title>{escape(tip)}</title></circle>" if tip else "/>"))

    def title_text(self, s: str, y: float = 20, size: float = 13) -> None:
        self.text(self.width / 2, y, s, size=size, anchor="middle", bold=True, fit=self.width - 16)

    def legend_height(self, items: Sequence[tuple[str, str, str]], max_width: float, size: float = 9) -> float:
        return len(self._legend_rows(items, max_width, size)) * (size + 7)

    def _legend_rows(self, items, max_width, size):
        rows, row, used = [], [], 0.0
        for item in items:
            w = 24 + self.text_width(self.fit(item[0], size, max_width - 40), size) + 16
            if row and used + w > max_width:
                rows.append((row, used))
                row, used = [], 0.0
            row.append((item, w))
            used += w
        if row:
            rows.append((row, used))
        return rows

    def legend(self, items: Sequence[tuple[str, str, str]], x: float, y: float, max_width: float,
               size: float = 9, center: bool = True) -> float:
        """Items ``(label, colour, kind)`` with kind line, dash, box, soft or dot, wrapped into rows
        no wider than ``max_width``; returns the height used."""
        rows = self._legend_rows(items, max_width, size)
        for k, (row, used) in enumerate(rows):
            cx = x + (max_width - used) / 2 if center else x
            cy = y + k * (size + 7) + size / 2
            for (label, color, kind), w in row:
                if kind in ("box", "soft"):  # soft: the translucent boxes of grouped box plots
                    self.rect(cx, cy - 5, 18, 10, fill=color, opacity=0.45 if kind == "soft" else None)
                elif kind == "dot":
                    self.circle(cx + 9, cy, 4, fill=color)
                else:
                    self.line(cx, cy, cx + 18, cy, color=color, width=2, dash="5 3" if kind == "dash" else None)
                self.text(cx + 24, cy + size * 0.35, label, size=size, fit=max_width - 40)
                cx += w
        return len(rows) * (size + 7)

    def to_svg(self) -> str:
        w, h = _n(self.width), _n(self.height)
        label = escape(self.title, quote=True)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
                f'font-family="{FONT_STACK}" role="img" aria-label="{label}">'
                f"<title>{escape(self.title)}</title>" + "".join(self.parts) + "</svg>")


class Panel:
    """A plot area on a canvas: data-to-pixel scales, axes, grid and marks.

    ``box`` is (left, top, width, height) in pixels; limits are data units.  Marks with
    missing values (None/NaN) leave gaps rather than drawing zeros."""

    def __init__(self, canvas: Canvas, box: tuple[float, float, float, float],
                 xlim: tuple[float, float], ylim: tuple[float, float]):
        self.c = canvas
        self.left, self.top, self.w, self.h = box
        self.xlim, self.ylim = xlim, ylim

    def x(self, v: float) -> float:
        lo, hi = self.xlim
        return self.left + (float(v) - lo) / ((hi - lo) or 1) * self.w

    def y(self, v: float) -> float:
        lo, hi = self.ylim
        return self.top + self.h - (float(v) - lo) / ((hi - lo) or 1) * self.h

    def axes(self, *, xticks: Iterable[tuple[float, str]] = (), yticks: Iterable[tuple[float, str]] = (),
             xlabel: str = "", ylabel: str = "", xrotate: float = 0, grid: str = "y", size: float = 9,
             title: str = "", title_keep: str = "", xfit: float | None = None, yfit: float | None = None) -> None:
        """``xfit``/``yfit``: widest a tick label may be (longer ones are cut, see
        :meth:`Canvas.text`).  Upright x labels are also kept narrower than the gap between
        ticks, and slanted ones from crossing the canvas's left edge."""
        c, bottom, right = self.c, self.top + self.h, self.left + self.w
        yticks, xticks = list(yticks), list(xticks)
        label_w = max([c.text_width(c.fit(label, size, yfit), size) for _, label in yticks] or [0])
        for v, label in yticks:
            py = self.y(v)
            if grid in ("y", "both"):
                c.line(self.left, py, right, py, color=GRID)
            c.text(self.left - 5, py + size * 0.35, label, size=size, anchor="end", color=MUTED, fit=yfit)
        xs = sorted(self.x(v) for v, _ in xticks)
        gap = min([b - a for a, b in zip(xs, xs[1:])] or [self.w + 4])
        cos, sin = math.cos(math.radians(xrotate)), math.sin(math.radians(xrotate))
        drop = 0.0  # how far the x tick labels reach below the axis
        for v, label in xticks:
            px = self.x(v)
            if grid in ("x", "both"):
                c.line(px, self.top, px, bottom, color=GRID)
            c.line(px, bottom, px, bottom + 4, color=MUTED)
            if xrotate:
                fit = min(xfit or math.inf, (px + 1) / cos)
                c.text(px + 3, bottom + 8 + size * 0.6, label, size=size, anchor="end", color=MUTED,
                       rotate=-xrotate, fit=fit)
                drop = max(drop, 8 + size * 0.6 + sin * c.text_width(c.fit(label, size, fit), size) + size * 0.3)
            else:
                fit = min(xfit or math.inf, gap - 4)
                half = c.text_width(c.fit(label, size, fit), size) / 2
                # a wide number at either end of the axis slides inward rather than off the canvas
                cx = min(max(px, half + 2), c.width - half - 2)
                c.text(cx, bottom + 8 + size * 0.8, label, size=size, anchor="middle", color=MUTED, fit=fit)
                drop = max(drop, 8 + size)
        c.line(self.left, bottom, right, bottom, color=MUTED)
        c.line(self.left, self.top, self.left, bottom, color=MUTED)
        if xlabel:
            c.text(self.left + self.w / 2, bottom + max(30, drop + size + 4), xlabel,
                   size=size, anchor="middle", color=MUTED, fit=self.w)
        if ylabel:
            # rotated -90 degrees, the glyphs stand left of this x: keep it clear of the tick labels
            x = max(self.left - label_w - 12, size)
            c.text(x, self.top + self.h / 2, ylabel, size=size, anchor="middle", color=MUTED, rotate=-90,
                   fit=self.h)
        if title:
            c.text(self.left + self.w / 2, self.top - 8, title, size=size + 1, anchor="middle", bold=True,
                   fit=self.w, keep=title_keep)

    @contextmanager
    def clipped(self, pad: float = 6) -> Iterator[None]:
        """Marks drawn inside are cut at the plot area (plus ``pad`` so dots on the edge stay
        whole): a value beyond the axis visibly runs off the plot instead of over the labels
        or out of the picture.

        Not a nested ``<svg>``: page and JupyterLab styles (``svg {height: auto}``) collapse
        it and hide every mark.  The clip's id is made from the chart title and the box, so
        two charts on one page share an id only when their clip boxes are the same."""
        x, y, w, h = (_n(v) for v in (self.left - pad, self.top - pad, self.w + 2 * pad, self.h + 2 * pad))
        key = f"{self.c.title}|{x}|{y}|{w}|{h}"
        cid = "clip-" + hashlib.sha1(key.encode()).hexdigest()[:10]
        self.c.parts.append(f'<clipPath id="{cid}"><rect x="{x}" y="{y}" width="{w}" height="{h}"/></clipPath>'
                            f'<g clip-path="url(#{cid})">')
        try:
            yield
        finally:
            self.c.parts.append("</g>")

    def _runs(self, xs, ys):
        """Consecutive points with both values present (a missing value ends a run)."""
        run: list[tuple[float, float]] = []
        for a, b in zip(xs, ys):
            if finite(a) and finite(b):
                run.append((self.x(a), self.y(b)))
            elif run:
                yield run
                run = []
        if run:
            yield run

    def polyline(self, xs, ys, *, color: str, width: float = 1.6, dash: str | None = None,
                 marker: float = 0, tips: Sequence[str] | None = None) -> None:
        for run in self._runs(xs, ys):
            if len(run) > 1:
                self.c.path("M" + "L".join(f"{_n(a)} {_n(b)}" for a, b in run), stroke=color, width=width, dash=dash)
        if marker or tips:
            for i, (a, b) in enumerate(zip(xs, ys)):
                if finite(a) and finite(b):
                    self.c.circle(self.x(a), self.y(b), marker or 1.8, fill=color, tip=tips[i] if tips else None)
            return
        for run in self._runs(xs, ys):
            if len(run) == 1:  # a lone month between gaps still shows
                self.c.circle(run[0][0], run[0][1], 2.2, fill=color)

    def band(self, xs, lo, hi, *, color: str, opacity: float = 0.2) -> None:
        pts = [(a, b, t) for a, b, t in zip(xs, lo, hi)]
        run: list = []
        for a, b, t in pts + [(None, None, None)]:
            if finite(a) and finite(b) and finite(t):
                run.append((a, b, t))
                continue
            if len(run) > 1:
                top = [f"{_n(self.x(a))} {_n(self.y(t))}" for a, _, t in run]
                bot = [f"{_n(self.x(a))} {_n(self.y(b))}" for a, b, _ in reversed(run)]
                self.c.path("M" + "L".join(top + bot) + "Z", fill=color, opacity=opacity)
            elif run:  # a lone month between gaps: a short bar, so its range still shows
                a, b, t = run[0]
                self.c.rect(self.x(a) - 4, self.y(t), 8, self.y(b) - self.y(t), fill=color, opacity=opacity)
            run = []

    def vline(self, v: float, *, color: str, width: float = 1, dash: str | None = None) -> None:
        if finite(v) and self.xlim[0] <= v <= self.xlim[1]:
            self.c.line(self.x(v), self.top, self.x(v), self.top + self.h, color=color, width=width, dash=dash)

    def box(self, pos: float, values, *, width: float, color: str = "#1f4e79", fill: str = "#ffffff",
            opacity: float = 1.0, median: str = "#e67e22", tip: str = "") -> None:
        """A Tukey box: quartiles, median, whiskers to the last point within 1.5 IQR, outliers
        as rings, the mean as a green triangle (as matplotlib's ``boxplot(showmeans=True)``)."""
        import numpy as np

        v = np.asarray([x for x in values if finite(x)], dtype=float)
        if v.size == 0:
            return
        q1, med, q3 = np.percentile(v, [25, 50, 75])
        iqr = q3 - q1
        low = v[v >= q1 - 1.5 * iqr].min()
        high = v[v <= q3 + 1.5 * iqr].max()
        cx, half = self.x(pos), (self.x(pos + width / 2) - self.x(pos - width / 2)) / 2
        c = self.c
        c.line(cx, self.y(low), cx, self.y(q1), color=color)
        c.line(cx, self.y(q3), cx, self.y(high), color=color)
        for end in (low, high):
            c.line(cx - half / 2, self.y(end), cx + half / 2, self.y(end), color=color)
        c.rect(cx - half, self.y(q3), 2 * half, self.y(q1) - self.y(q3), fill=fill, opacity=opacity,
               stroke=color, tip=tip or f"중앙값 {med:.1f}, 사분위 {q1:.1f}~{q3:.1f}, {v.size}명")
        c.line(cx - half, self.y(med), cx + half, self.y(med), color=median, width=2)
        for out in sorted(set(v[(v < low) | (v > high)].tolist())):
            c.circle(cx, self.y(out), 2.5, fill="none", stroke=color)
        mx, my = cx, self.y(float(v.mean()))
        c.path(f"M{_n(mx)} {_n(my - 4)}L{_n(mx + 4.5)} {_n(my + 3.5)}L{_n(mx - 4.5)} {_n(my + 3.5)}Z",
               fill="#2ca02c")
