"""Complaint logs: load and check them, count per month, and chatbot outcomes.

A *simple complaint* (단순 민원) in the reduction metrics is a simple contact that
reached a person (``handled_by == 'human'``, hand-overs and repeat contacts
included): the workload the city expects the chatbot to cut by about 30%.
Months inside the log's range with no rows at all are *gaps*: they stay NaN in
every table and chart, never zero.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from civiclab.errors import InputError

REQUIRED = ["ts", "channel", "category", "is_simple", "handled_by"]
OPTIONAL = ["contact_id", "citizen_id", "handed_over", "resolved", "satisfaction", "prompt_ref"]
CHANNELS = {"call120", "website", "visit", "chatbot"}
REPEAT_WINDOW = pd.Timedelta(days=7)

_TRUE = {"true", "1", "t", "yes", "y"}
_FALSE = {"false", "0", "f", "no", "n"}


def load_complaints(path: Path, covered: dict[str, bool] | None = None) -> pd.DataFrame:
    """Read a complaint log (CSV or Parquet) and check it; raise InputError in Korean.

    ``covered`` maps category code -> chatbot_covered (from ``categories.yaml``);
    without it the log's own ``chatbot_covered`` column is used.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"민원 기록 파일 '{path}'이 없습니다.", "파일 경로를 확인해 주세요.")
    if path.stat().st_size == 0:
        raise InputError(f"민원 기록 파일 '{path}'이 비어 있습니다.", "내용이 있는 파일을 지정해 주세요.")
    try:
        df = _read_columns(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow/pandas parser errors have many types
        raise InputError(
            f"민원 기록 파일 '{path.name}'을 읽을 수 없습니다(형식 오류).",
            "쉼표로 구분한 CSV 또는 Parquet 파일인지, 줄마다 열 개수가 같은지 확인해 주세요.",
            detail=f"{type(exc).__name__}: {exc}",
        ) from None
    return check_complaints(df, covered, source=path.name)


_TEXT = ["channel", "category", "handled_by", "prompt_ref"]


def _read_columns(path: Path) -> pd.DataFrame:
    """Read only the columns the metrics use, text columns dictionary-encoded (fast categoricals)."""
    import pyarrow as pa

    wanted = REQUIRED + OPTIONAL + ["chatbot_covered"]
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        names = pq.read_schema(path).names
        cols = [c for c in wanted if c in names]
        table = pq.read_table(path, columns=cols, read_dictionary=[c for c in _TEXT if c in cols])
    else:
        import csv

        import pyarrow.csv as pacsv

        with open(path, encoding="utf-8-sig", newline="") as fh:
            names = next(csv.reader(fh), [])
        cols = [c for c in wanted if c in names]
        dict_t = pa.dictionary(pa.int32(), pa.string())
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf8"),
            convert_options=pacsv.ConvertOptions(
                include_columns=cols, column_types={c: dict_t for c in _TEXT if c in cols},
                strings_can_be_null=True),
        )
    return table.to_pandas()


def _as_category(s: pd.Series) -> pd.Series:
    return s if isinstance(s.dtype, pd.CategoricalDtype) else s.astype("category")


def _bool_col(s: pd.Series, name: str, source: str) -> np.ndarray:
    if s.dtype == bool or str(s.dtype) in {"bool[pyarrow]", "boolean"}:
        if s.isna().any():
            raise InputError(
                f"'{source}'의 '{name}' 열에 빈 값이 있습니다.", "true 또는 false 로 채워 주세요."
            )
        return s.to_numpy(dtype=bool)
    low = s.astype(str).str.strip().str.lower()
    ok = low.isin(_TRUE | _FALSE)
    if not ok.all():
        bad = s[~ok].iloc[0]
        raise InputError(
            f"'{source}'의 '{name}' 열에 참/거짓이 아닌 값 '{bad}'이 있습니다({int((~ok).sum())}줄).",
            "true/false 또는 1/0 으로 적어 주세요.",
        )
    return low.isin(_TRUE).to_numpy()


def check_complaints(df: pd.DataFrame, covered: dict[str, bool] | None = None, *, source: str = "자료"):
    """Normalise types and validate values; every rejection names the column and the fix."""
    if len(df) == 0:
        raise InputError(f"'{source}'에 민원 기록이 한 줄도 없습니다.", "기록이 있는 파일을 지정해 주세요.")
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise InputError(
            f"'{source}'에 꼭 필요한 열이 없습니다: {', '.join(missing)}",
            f"열 이름을 확인해 주세요. 필요한 열: {', '.join(REQUIRED)}",
        )
    out = pd.DataFrame(index=pd.RangeIndex(len(df)))
    ts = df["ts"]
    if not pd.api.types.is_datetime64_any_dtype(ts):
        ts = pd.to_datetime(ts.astype(str), errors="coerce", format="ISO8601")
    if ts.isna().any():
        n_bad = int(ts.isna().sum())
        first = int(np.flatnonzero(ts.isna().to_numpy())[0]) + 2  # +header, 1-based
        raise InputError(
            f"'{source}'의 ts(시각) 열에 날짜로 읽을 수 없는 값이 {n_bad}개 있습니다(처음: {first}번째 줄).",
            "시각을 '2024-03-05T10:20:00' 형식으로 적어 주세요.",
        )
    if getattr(ts.dt, "tz", None) is not None:
        # Months are Korean calendar months: a 23:30 KST contact on the 31st stays in that month.
        ts = ts.dt.tz_convert("Asia/Seoul").dt.tz_localize(None)
    out["ts"] = ts.to_numpy(dtype="datetime64[s]")
    out["month"] = out["ts"].dt.to_period("M")

    channel = _as_category(df["channel"])
    if channel.isna().any():
        raise InputError(f"'{source}'의 channel(접수 경로) 열에 빈 값이 있습니다.",
                         f"쓸 수 있는 값: {', '.join(sorted(CHANNELS))}")
    bad_ch = sorted(set(map(str, channel.cat.categories)) - CHANNELS)
    if bad_ch:
        raise InputError(
            f"'{source}'의 channel(접수 경로) 열에 모르는 값이 있습니다: {', '.join(bad_ch[:5])}",
            f"쓸 수 있는 값: {', '.join(sorted(CHANNELS))}",
        )
    out["channel"] = channel.cat.set_categories(sorted(CHANNELS)).array
    cat = _as_category(df["category"])
    if cat.isna().any():
        raise InputError(f"'{source}'의 category(민원 분야) 열에 빈 값이 있습니다.",
                         "모든 줄에 datasets/categories.yaml 의 분야 코드를 적어 주세요.")
    cat = cat.cat.remove_unused_categories()
    codes = sorted(map(str, cat.cat.categories))
    if covered is None:
        if "chatbot_covered" not in df.columns:
            raise InputError(
                "민원 분야마다 챗봇이 답하는지 알 수 없습니다.",
                "datasets/categories.yaml 을 두거나 기록에 chatbot_covered 열을 넣어 주세요.",
            )
        flags = _bool_col(df["chatbot_covered"], "chatbot_covered", source)
        covered = {str(k): bool(v) for k, v in
                   pd.Series(flags).groupby(cat.to_numpy(), observed=True).first().items()}
    unknown = [c for c in codes if c not in covered]
    if unknown:
        raise InputError(
            f"'{source}'에 목록에 없는 민원 분야 코드가 있습니다: {', '.join(unknown[:5])}",
            "datasets/categories.yaml 의 코드(CERT, TAX 등)만 써 주세요.",
        )
    out["category"] = cat.cat.set_categories(list(covered)).array
    cov_by_code = np.array([covered[c] for c in covered])
    out["covered"] = cov_by_code[out["category"].cat.codes.to_numpy()]
    out["is_simple"] = _bool_col(df["is_simple"], "is_simple", source)
    hb = _as_category(df["handled_by"])
    bad = sorted(set(map(str, hb.cat.categories)) - {"chatbot", "human"})
    if bad or hb.isna().any():
        raise InputError(
            f"'{source}'의 handled_by(처리 주체) 열에 모르는 값 '{bad[0] if bad else '(빈칸)'}'이 있습니다.",
            "chatbot 또는 human 으로 적어 주세요.",
        )
    out["bot"] = (hb == "chatbot").to_numpy()
    for col in ("handed_over", "resolved"):
        if col in df.columns:
            out[col] = _bool_col(df[col], col, source)
    if "citizen_id" in df.columns and df["citizen_id"].dtype == np.int64:
        out["citizen_id"] = df["citizen_id"].to_numpy()  # numpy int64 holds no blanks: use as is
    elif "citizen_id" in df.columns:
        # Only equality matters (same citizen?), so integer codes: fast to sort, any id type.
        codes, _ = pd.factorize(df["citizen_id"], use_na_sentinel=True)
        if (codes < 0).any():
            raise InputError(f"'{source}'의 citizen_id 열에 빈 값이 있습니다.",
                             "모든 상담에 시민 가명 식별자를 넣거나, 열을 빼 주세요.")
        out["citizen_id"] = codes.astype(np.int64)
    if "satisfaction" in df.columns:
        sat = pd.to_numeric(df["satisfaction"], errors="coerce").astype("float64")
        bad = sat.notna() & ~sat.isin([1, 2, 3, 4, 5])
        if bad.any():
            raise InputError(
                f"'{source}'의 satisfaction(만족도) 열에 1~5 밖의 값이 {int(bad.sum())}개 있습니다.",
                "만족도는 1~5 정수이거나 빈칸이어야 합니다.",
            )
        out["satisfaction"] = sat.to_numpy()
    if "prompt_ref" in df.columns:
        out["prompt_ref"] = _as_category(df["prompt_ref"]).array
    return out


def month_range(df: pd.DataFrame) -> pd.PeriodIndex:
    return pd.period_range(df["month"].min(), df["month"].max(), freq="M")


def monthly_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Long table per (month, category): simple human contacts and all contacts.

    Months without any row in the log get NaN (a gap), not 0.
    """
    months = month_range(df)
    key = [df["month"], df["category"]]
    simple_human = (df["is_simple"] & ~df["bot"]).groupby(key, observed=False).sum()
    total = df.groupby(key, observed=False).size()
    bot = df["bot"].groupby(key, observed=False).sum()
    t = pd.DataFrame({"simple_human": simple_human, "contacts": total, "chatbot_resolved": bot})
    full = pd.MultiIndex.from_product([months, df["category"].cat.categories], names=["month", "category"])
    t = t.reindex(full).astype("float64")
    present = set(df["month"].unique())
    gap = ~t.index.get_level_values("month").isin(list(present))
    t.loc[gap, :] = np.nan
    t = t.reset_index()
    t["has_data"] = ~gap
    return t


def gap_months(df: pd.DataFrame) -> list[str]:
    present = set(df["month"].unique())
    return [str(m) for m in month_range(df) if m not in present]


def infer_launch(df: pd.DataFrame) -> pd.Period | None:
    bot = df["bot"] | (df["channel"] == "chatbot").to_numpy()
    if not bot.any():
        return None
    return df.loc[bot, "month"].min()


def compact_refs(refs) -> str:
    """``chatbot.cert@1, chatbot.movein@1, chatbot.waste@1, chatbot.cert@2`` ->
    ``chatbot.*@1 (3개), chatbot.cert@2``.

    The chatbot has one prompt per category; listing a dozen refs per month hides the
    one that changed, so each version number used by three or more prompts is summarised.
    """
    refs = sorted({str(r) for r in refs if r is not None and r == r})
    groups: dict[str, list[str]] = {}
    for r in refs:
        groups.setdefault(r.rsplit("@", 1)[-1], []).append(r)
    parts = []
    for ver in sorted(groups, key=lambda v: (len(v), v)):
        members = groups[ver]
        fams = {m.split(".", 1)[0] for m in members}
        if len(members) >= 3:
            parts.append(f"{fams.pop() if len(fams) == 1 else '*'}.*@{ver} ({len(members)}개)")
        else:
            parts += members
    return ", ".join(parts)


def production_versions(df: pd.DataFrame) -> pd.Series:
    """Month -> the chatbot prompt versions in use that month (compact label), if logged."""
    if "prompt_ref" not in df.columns:
        return pd.Series(dtype=object)
    sub = df.loc[df["prompt_ref"].notna(), ["month", "prompt_ref"]]
    if sub.empty:
        return pd.Series(dtype=object)
    pairs = sub.groupby(["month", "prompt_ref"], observed=True).size().reset_index()
    return pairs.groupby("month")["prompt_ref"].agg(compact_refs)


def version_changes(df: pd.DataFrame) -> list[tuple[pd.Period, str]]:
    """(month, ref) where a prompt id first appears with a new version after its first month."""
    if "prompt_ref" not in df.columns:
        return []
    sub = df.loc[df["prompt_ref"].notna(), ["month", "prompt_ref"]]
    if sub.empty:
        return []
    first = sub.groupby("prompt_ref", observed=True)["month"].min().reset_index()
    first["pid"] = first["prompt_ref"].astype(str).str.rsplit("@", n=1).str[0]
    start = first.groupby("pid")["month"].transform("min")
    changed = first[first["month"] > start].sort_values("month")
    return [(m, str(r)) for m, r in zip(changed["month"], changed["prompt_ref"])]


def add_follow_up(df: pd.DataFrame) -> pd.DataFrame:
    """Mark contacts followed by a contact of the same citizen on the same topic within 7 days.

    Adds ``repeat7`` (any next contact) and ``human_next7`` (that next contact was a
    person).  Needs ``citizen_id``; this is computed from the log, not trusted from a flag.
    """
    order = np.lexsort((df["ts"].to_numpy(), df["category"].cat.codes.to_numpy(),
                        df["citizen_id"].to_numpy()))
    cit = df["citizen_id"].to_numpy()[order]
    cat = df["category"].cat.codes.to_numpy()[order]
    ts = df["ts"].to_numpy()[order]
    bot = df["bot"].to_numpy()[order]
    same = np.zeros(len(df), bool)
    same[:-1] = (cit[1:] == cit[:-1]) & (cat[1:] == cat[:-1])
    within = np.zeros(len(df), bool)
    within[:-1] = (ts[1:] - ts[:-1]) <= REPEAT_WINDOW.to_timedelta64()
    rep = same & within
    human_next = np.zeros(len(df), bool)
    human_next[:-1] = rep[:-1] & ~bot[1:]
    out = df.copy()
    r = np.empty(len(df), bool)
    r[order] = rep
    h = np.empty(len(df), bool)
    h[order] = human_next
    out["repeat7"] = r
    out["human_next7"] = h
    return out


def chatbot_outcomes(df: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Containment, hand-over, repeat-contact and satisfaction (definitions in the report).

    Rates whose inputs the log lacks (no ``citizen_id``, no ``resolved``...) are NaN,
    never a guess.  Vectorised: one pass of group sums, whatever the number of groups.
    """
    return chatbot_outcomes_many(df, [(by, None)])[0]


def chatbot_outcomes_many(df: pd.DataFrame, specs) -> list[pd.DataFrame]:
    """:func:`chatbot_outcomes` for several groupings of one log: ``specs`` is a list of
    ``(by, rows)`` with ``rows`` a boolean mask (or None for all rows).  The per-contact
    indicators are built once (about 60 ms per grouping saved on a million rows);
    ``(by, mask)`` equals ``chatbot_outcomes(df[mask], by)``."""
    have_link = "citizen_id" in df.columns
    d = add_follow_up(df) if have_link and "repeat7" not in df.columns else df
    n = len(d)
    chat = (d["channel"] == "chatbot").to_numpy()
    bot = d["bot"].to_numpy()
    nan = np.full(n, np.nan)
    ind = {"contacts": np.ones(n), "chatbot_sessions": chat.astype(float)}
    ind["handed"] = (chat & d["handed_over"].to_numpy()) if "handed_over" in d else nan
    if have_link and "resolved" in d:
        res = d["resolved"].to_numpy()
        ind["contained"] = chat & bot & res & ~d["human_next7"].to_numpy()
        ind["abandoned"] = chat & bot & ~res
    else:
        ind["contained"] = ind["abandoned"] = nan
    ind["repeat"] = d["repeat7"].to_numpy() if have_link else nan
    ind["repeat_chat"] = (d["repeat7"].to_numpy() & chat) if have_link else nan
    # kept as bool where they are bool (1 byte a row); each becomes float only while summed
    means = {}
    if "satisfaction" in d:
        sat = d["satisfaction"].to_numpy(dtype=float)
        means = {"satisfaction_human": np.where(~bot, sat, np.nan),
                 "satisfaction_chatbot": np.where(chat, sat, np.nan),
                 "satisfaction_response": (~np.isnan(sat)).astype(float)}
    tables = []
    for by, rows in specs:
        codes, labels = _group_codes(d, by)
        if rows is None:
            tables.append(_outcome_table(ind, means, codes, labels, by is not None))
        else:
            rows = np.asarray(rows, dtype=bool)
            tables.append(_outcome_table({k: v[rows] for k, v in ind.items()},
                                         {k: v[rows] for k, v in means.items()}, codes[rows], labels,
                                         by is not None))
    return tables


def _group_codes(d: pd.DataFrame, by: str | None) -> tuple[np.ndarray, np.ndarray]:
    # Group by small integer codes with bincount: hashing a million Period objects or
    # strings in a groupby costs seconds; this costs milliseconds.
    if by is None:
        return np.zeros(len(d), dtype=np.int64), np.array(["전체"], dtype=object)
    col = d[by]
    if isinstance(col.dtype, pd.PeriodDtype):
        codes, uniq = pd.factorize(col.array.asi8, sort=True)
        periods = pd.PeriodIndex.from_ordinals(uniq, freq=col.dtype.freq)
        return codes, periods.astype(str).to_numpy(dtype=object)
    cat = col.astype("category") if not isinstance(col.dtype, pd.CategoricalDtype) else col
    codes = cat.cat.codes.to_numpy().astype(np.int64)
    labels = np.array([str(c) for c in cat.cat.categories] + ["(없음)"], dtype=object)
    return np.where(codes < 0, len(labels) - 1, codes), labels


def _outcome_table(ind: dict, means: dict, codes: np.ndarray, labels: np.ndarray,
                   grouped: bool) -> pd.DataFrame:
    k = len(labels)

    def total(v) -> np.ndarray:
        v = np.asarray(v, dtype=float)
        if np.isnan(v).all():
            return np.full(k, np.nan)
        return np.bincount(codes, weights=v, minlength=k)

    def mean(v) -> np.ndarray:
        v = np.asarray(v, dtype=float)
        ok = ~np.isnan(v)
        num = np.bincount(codes[ok], weights=v[ok], minlength=k)
        den = np.bincount(codes[ok], minlength=k).astype(float)
        return np.divide(num, den, out=np.full(k, np.nan), where=den > 0)

    sums = {name: total(v) for name, v in ind.items()}
    out = pd.DataFrame({"group": labels, "contacts": sums["contacts"].astype(int),
                        "chatbot_sessions": sums["chatbot_sessions"].astype(int)})
    per_chat = np.where(sums["chatbot_sessions"] > 0, sums["chatbot_sessions"], np.nan)
    out["handover_rate"] = sums["handed"] / per_chat
    out["containment"] = sums["contained"] / per_chat
    out["abandoned_rate"] = sums["abandoned"] / per_chat
    out["repeat_rate"] = sums["repeat"] / np.where(sums["contacts"] > 0, sums["contacts"], np.nan)
    out["repeat_rate_chatbot"] = sums["repeat_chat"] / per_chat
    for name, v in means.items():
        out[name] = mean(v)
    if grouped:
        out = out[np.bincount(codes, minlength=k) > 0].reset_index(drop=True)
    return out
