"""Synthetic complaint logs (민원 상담 기록) for the chatbot-outcome metrics.

One row per contact.  Contacts come in *episodes*: a citizen's first contact on a
topic and, sometimes, a repeat contact on the same topic within 7 days.  Volumes
follow per-category seasonality, Sejong's population growth and month-level shocks
shared by all categories.  After the chatbot launch a share of the simple
episodes of covered categories goes to the chatbot; that share is solved so that
the expected number of simple contacts reaching a person in those categories
falls by exactly ``effect`` (hand-overs and repeat contacts included), while
uncovered categories and complex contacts keep their volume.  This planted
effect is what the difference-in-differences in ``civiclab.metrics`` must recover.

Everything is drawn with one ``numpy.random.Generator`` in a fixed order, so a seed
gives the same rows on every machine.  See ``datasets/complaints/README.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from civiclab.datagen import profiles
from civiclab.errors import InputError

_YM = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

COLUMNS = [
    "contact_id", "citizen_id", "ts", "date", "month", "channel", "category", "is_simple",
    "chatbot_covered", "handled_by", "handed_over", "resolved", "repeat_within_7d", "repeat_of",
    "satisfaction", "prompt_ref",
]


def parse_month(text: str, what: str = "월") -> tuple[int, int]:
    m = _YM.match(str(text).strip())
    if not m:
        raise InputError(
            f"{what} '{text}'의 형식이 올바르지 않습니다.",
            "연-월을 'YYYY-MM' 형식으로 적어 주세요. 예: 2024-03",
        )
    return int(m.group(1)), int(m.group(2))


@dataclass(frozen=True)
class ComplaintConfig:
    """Generator knobs; defaults give the committed sample's shape."""

    months: int = 36
    start: str = "2022-01"
    launch: str = "2024-01"
    rows_per_month: int = 3000  # expected contacts per month before launch
    effect: float = 0.30  # planted fall of simple human contacts in covered categories
    seed: int = 20240401
    growth_per_year: float = 0.03  # Sejong's population growth, roughly
    month_shock_sd: float = 0.04  # common month-level shock (news, weather, system outages)
    cell_noise_sd: float = 0.03  # category-month overdispersion
    season_scale: float = 1.0  # 0 = no seasonality, 2 = twice the documented swings
    # Outside shocks shared by every category, e.g. (("2024-06", 1.3),) for a month with 30%
    # more contacts (Seoul 2021: 26.5% of consultations were about COVID-19).
    shocks: tuple[tuple[str, float], ...] = ()
    human_repeat: float = 0.07  # repeat within 7 days after a person answered
    bot_repeat_resolved: float = 0.10  # after the chatbot said it resolved the question
    bot_repeat_unresolved: float = 0.50  # after an unresolved (abandoned) chat
    bot_handover: float = 0.15  # covered simple chats handed to a person
    bot_resolved: float = 0.85  # chats the chatbot closes as resolved (not handed over)
    bot_try_other: float = 0.10  # other episodes that try the chatbot first after launch
    satisfaction_response: float = 0.30
    # (first month, version number of the chatbot prompts in production from then on).
    # Prompt ids follow the library: chatbot.<category code in lower case> for answers,
    # chatbot.handover for chats passed to a person.
    prompt_schedule: tuple[tuple[str, int], ...] = (("2020-01", 1),)

    def __post_init__(self) -> None:
        parse_month(self.start, "시작 월")
        parse_month(self.launch, "챗봇 출시 월")
        for ym, _ in self.prompt_schedule:
            parse_month(ym, "프롬프트 적용 월")
        for ym, factor in self.shocks:
            parse_month(ym, "외부 충격 월")
            if not 0 < factor <= 10:
                raise InputError(f"외부 충격 배율 {factor}는 쓸 수 없습니다.", "0보다 크고 10 이하로 정해 주세요.")
        if not 1 <= self.months <= 240:
            raise InputError(f"개월 수 {self.months}는 쓸 수 없습니다.", "1~240 사이로 정해 주세요.")
        if self.rows_per_month < 1 or self.rows_per_month > 5_000_000:
            raise InputError(
                f"월별 건수 {self.rows_per_month}는 쓸 수 없습니다.",
                "1~5,000,000 사이로 정해 주세요.",
            )
        if not 0 <= self.season_scale <= 3:
            raise InputError(f"계절성 배율 {self.season_scale}는 쓸 수 없습니다.", "0~3 사이로 정해 주세요.")
        if not 0 <= self.effect < 1:
            raise InputError(
                f"효과 크기 {self.effect}는 쓸 수 없습니다.",
                "0 이상 1 미만의 비율로 적어 주세요. 예: 0.3 (30% 감소)",
            )
        if self.bot_share() > 1:
            raise InputError(
                f"효과 크기 {self.effect}는 이 가정(상담원 연결·재문의 비율)으로는 만들 수 없습니다.",
                "효과를 줄이거나 상담원 연결 비율을 낮춰 주세요.",
            )

    def bot_share(self) -> float:
        """Share of covered simple episodes routed to the chatbot for the planted effect.

        Human contacts per episode: direct ``1 + r_h``; via the chatbot
        ``H_b = h(1 + r_h) + (1 - h)(q r_b + (1 - q) r_u)``.  Solving
        ``(1 - s)(1 + r_h) + s H_b = (1 - effect)(1 + r_h)`` for ``s``.
        """
        r_h, h, q = self.human_repeat, self.bot_handover, self.bot_resolved
        h_b = h * (1 + r_h) + (1 - h) * (q * self.bot_repeat_resolved + (1 - q) * self.bot_repeat_unresolved)
        return self.effect * (1 + r_h) / ((1 + r_h) - h_b)


def load_categories(path: Path) -> list[tuple[str, str, bool]]:
    """(code, Korean name, chatbot_covered) from ``datasets/categories.yaml``."""
    from civiclab.yamlsafe import YamlProblem, safe_load

    try:
        data = safe_load(Path(path).read_text(encoding="utf-8"))
        cats = [(c["code"], c["name"], bool(c["chatbot_covered"])) for c in data["categories"]]
    except FileNotFoundError:
        raise InputError(
            f"민원 분야 목록 파일 '{path}'이 없습니다.",
            "datasets/categories.yaml 위치를 확인하거나 --categories 로 알려 주세요.",
        ) from None
    except (YamlProblem, KeyError, TypeError) as exc:
        raise InputError(
            f"민원 분야 목록 파일 '{path}'을 읽을 수 없습니다.",
            "각 항목에 code, name, chatbot_covered 가 있는지 확인해 주세요.",
            detail=str(exc),
        ) from None
    if not cats:
        raise InputError(f"민원 분야 목록 파일 '{path}'이 비어 있습니다.", "분야를 한 개 이상 적어 주세요.")
    return cats


def _month_index(ym: str, start: tuple[int, int]) -> int:
    y, m = parse_month(ym)
    return (y - start[0]) * 12 + (m - start[1])


def generate_complaints(config: ComplaintConfig, categories: list[tuple[str, str, bool]]):
    """Return the contact log as a pandas DataFrame (columns :data:`COLUMNS`)."""
    import pandas as pd

    cfg = config
    rng = np.random.default_rng(cfg.seed)
    sy, sm = parse_month(cfg.start)
    n_m = cfg.months
    abs_m = (sy * 12 + sm - 1) + np.arange(n_m)
    years, cal_months = abs_m // 12, abs_m % 12 + 1
    launch_idx = _month_index(cfg.launch, (sy, sm))

    codes = [c for c, _, _ in categories]
    covered = np.array([cov for _, _, cov in categories])
    prof = [profiles.PROFILES.get(c, profiles.CategoryProfile(0.02, 0.5, profiles.FLAT, 0)) for c in codes]
    share = np.array([p.share for p in prof])
    share = share / share.sum()
    simple = np.array([p.simple_share for p in prof])

    # Expected episodes per (category, month, simple?) before any chatbot effect.
    season = profiles.season_matrix(codes, years, cal_months, scale=cfg.season_scale)
    trend = (1 + cfg.growth_per_year) ** (np.arange(n_m) / 12)
    shock = np.exp(rng.normal(0, cfg.month_shock_sd, n_m))
    for ym, factor in cfg.shocks:
        i = _month_index(ym, (sy, sm))
        if 0 <= i < n_m:
            shock[i] *= factor
    noise = np.exp(rng.normal(0, cfg.cell_noise_sd, (len(codes), n_m, 2)))
    base = cfg.rows_per_month / (1 + cfg.human_repeat)
    lam = base * share[:, None, None] * season[:, :, None] * (trend * shock)[None, :, None] * noise
    lam[:, :, 0] *= (1 - simple)[:, None]
    lam[:, :, 1] *= simple[:, None]
    counts = rng.poisson(lam)

    # One array entry per episode.
    n_ep = int(counts.sum())
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    cat_i, month_i, simple_i = np.unravel_index(cell, counts.shape)
    is_simple = simple_i.astype(bool)
    post = month_i >= launch_idx
    treat = post & covered[cat_i] & is_simple

    # Routing: treated episodes go to the chatbot with the solved share; others may try it.
    u = rng.random(n_ep)
    via_bot = np.where(treat, u < cfg.bot_share(), post & (u < cfg.bot_try_other))
    o = rng.random(n_ep)
    handed = via_bot & (~treat | (o < cfg.bot_handover))
    bot_done = via_bot & ~handed
    bot_resolved = bot_done & (rng.random(n_ep) < cfg.bot_resolved)
    human_resolved = ~bot_done & (rng.random(n_ep) < np.where(is_simple, 0.93, 0.82))
    resolved = bot_resolved | human_resolved

    p_rep = np.where(bot_done, np.where(bot_resolved, cfg.bot_repeat_resolved, cfg.bot_repeat_unresolved),
                     cfg.human_repeat)
    has_rep = rng.random(n_ep) < p_rep

    human_ch = rng.choice(3, size=n_ep, p=profiles.HUMAN_CHANNEL_P)
    channel = np.where(via_bot, 3, human_ch)

    # Timestamps: a uniform day of the month; office hours for calls and visits.
    month_start = (abs_m - 1970 * 12).astype("datetime64[M]")
    days_in = ((month_start + 1).astype("datetime64[D]") - month_start.astype("datetime64[D]")).astype(int)
    day = np.floor(rng.random(n_ep) * days_in[month_i]).astype(np.int64)
    office = (channel == 0) | (channel == 2)
    secs = np.where(office, 9 * 3600 + rng.integers(0, 9 * 3600, n_ep), rng.integers(0, 86400, n_ep))
    t0 = month_start[month_i].astype("datetime64[D]").astype("datetime64[s]")
    ts = t0 + (day * 86400 + secs).astype("timedelta64[s]")
    citizen = rng.integers(10_000_000, 99_999_999, n_ep)

    # Repeat contacts: same citizen and topic, a person, 1 hour to 7 days later.
    r = np.flatnonzero(has_rep)
    n_r = r.size
    rep_ts = ts[r] + rng.integers(3600, 7 * 86400, n_r).astype("timedelta64[s]")
    rep_ch = rng.choice(3, size=n_r, p=profiles.HUMAN_CHANNEL_P)
    rep_resolved = rng.random(n_r) < 0.9

    all_ts = np.concatenate([ts, rep_ts])
    all_cat = np.concatenate([cat_i, cat_i[r]])
    all_simple = np.concatenate([is_simple, is_simple[r]])
    all_ch = np.concatenate([channel, rep_ch])
    all_bot = np.concatenate([bot_done, np.zeros(n_r, bool)])
    all_handed = np.concatenate([handed, np.zeros(n_r, bool)])
    all_resolved = np.concatenate([resolved, rep_resolved])
    all_rep7 = np.concatenate([has_rep, np.zeros(n_r, bool)])
    all_cit = np.concatenate([citizen, citizen[r]])
    origin = np.concatenate([np.full(n_ep, -1), r])  # row index of the first contact

    # Satisfaction (1-5) from the share who answer the survey; lower when unresolved.
    n = all_ts.size
    mean = np.where(all_bot, np.where(all_resolved, 4.0, 2.2), np.where(all_resolved, 4.1, 2.8))
    mean = np.where(all_handed, 3.4, mean)
    sat = np.clip(np.rint(rng.normal(mean, 0.8)), 1, 5).astype(np.int8)
    answered = rng.random(n) < cfg.satisfaction_response

    # Rows in time order; contact ids follow that order.
    order = np.argsort(all_ts, kind="stable")
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n)
    contact_id = rank + 1
    repeat_of = np.where(origin >= 0, rank[np.maximum(origin, 0)] + 1, 0)

    codes_arr = np.array(codes, dtype=object)
    ch_arr = np.array(profiles.CHANNELS, dtype=object)
    ts_sorted = all_ts[order]
    months_sorted = ts_sorted.astype("datetime64[M]")
    df = pd.DataFrame(
        {
            "contact_id": contact_id[order],
            "citizen_id": all_cit[order],
            "ts": ts_sorted,
            "date": ts_sorted.astype("datetime64[D]").astype(str),
            "month": months_sorted.astype(str),
            "channel": ch_arr[all_ch[order]],
            "category": codes_arr[all_cat[order]],
            "is_simple": all_simple[order],
            "chatbot_covered": covered[all_cat[order]],
            "handled_by": np.where(all_bot[order], "chatbot", "human"),
            "handed_over": all_handed[order],
            "resolved": all_resolved[order],
            "repeat_within_7d": all_rep7[order],
            "repeat_of": pd.array(np.where(repeat_of[order] > 0, repeat_of[order], 0), dtype="Int64"),
            "satisfaction": pd.array(sat[order], dtype="Int8"),
            "prompt_ref": None,
        }
    )
    df.loc[df["repeat_of"] == 0, "repeat_of"] = pd.NA
    df.loc[~answered[order], "satisfaction"] = pd.NA
    df["prompt_ref"] = _prompt_refs(df["month"].to_numpy(), df["channel"].to_numpy(),
                                    df["category"].to_numpy(), df["handed_over"].to_numpy(), cfg)
    # Repeats drawn late in the last month may spill past the window: drop them and
    # clear their origin's flag, so every row lies inside the requested months.
    end = (abs_m[-1] + 1 - 1970 * 12).astype("datetime64[M]").astype("datetime64[s]")
    late = df["ts"].to_numpy() >= end
    if late.any():
        gone = set(df.loc[late, "repeat_of"].dropna().astype(int))
        df = df.loc[~late].reset_index(drop=True)
        df.loc[df["contact_id"].isin(gone), "repeat_within_7d"] = False
    return df


def _prompt_refs(month: np.ndarray, channel: np.ndarray, category: np.ndarray, handed: np.ndarray,
                 cfg: ComplaintConfig) -> np.ndarray:
    """The chatbot prompt version in production at each chatbot contact (else empty)."""
    version = np.zeros(month.size, dtype=np.int64)
    for ym, number in sorted(cfg.prompt_schedule):
        version[month >= ym] = int(number)
    is_bot = (channel == "chatbot") & (version > 0)
    family = np.where(handed, "chatbot.handover", np.char.add("chatbot.", np.char.lower(category.astype(str))))
    refs = np.char.add(np.char.add(family.astype(str), "@"), version.astype(str))
    out = np.full(month.size, None, dtype=object)
    out[is_bot] = refs[is_bot]
    return out


def write_complaints(df, out: Path) -> Path:
    """Write CSV (``.csv``) or Parquet (``.parquet``), chosen by the file extension."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in {".csv", ".parquet"}:
        raise InputError(
            f"출력 파일 '{out.name}'의 형식을 알 수 없습니다.",
            "파일 이름을 .csv 또는 .parquet 로 끝내 주세요.",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    if suffix == ".csv":
        df.to_csv(tmp, index=False, date_format="%Y-%m-%dT%H:%M:%S")
    else:
        df.to_parquet(tmp, index=False, compression="zstd")
    tmp.replace(out)  # atomic: a half-written file never replaces a good one
    return out
