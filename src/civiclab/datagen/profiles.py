"""Per-category assumptions of the complaint-log generator.

Every number here is an assumption, listed with its reason in
``datasets/complaints/README.md``; change them there and here together.

*Simple* (단순 민원) means a question answerable from public information alone
(hours, required documents, eligibility rules, how to apply, schedules) without
a person's records, a site visit, legal judgement or a dispute.  ``simple_share``
is the share of a category's contacts that are simple.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Index 0 = January.  Profiles are relative; they are normalised to mean 1.
FLAT = (1,) * 12


@dataclass(frozen=True)
class CategoryProfile:
    share: float  # share of all contacts (before seasonality)
    simple_share: float  # share of the category's contacts that are simple
    season: tuple[float, ...]  # month-of-year multipliers, Jan..Dec
    holiday_lift: float  # multiplier in Seollal/Chuseok months (else the common dip applies)


PROFILES: dict[str, CategoryProfile] = {
    # year-end tax settlement (연말정산) needs certificates in January-February
    "CERT": CategoryProfile(0.12, 0.85, (1.35, 1.2, 1.1, 1, 1, 0.95, 0.95, 0.9, 0.95, 1, 0.95, 1.0), 0),
    # moving before the school year starts in March
    "MOVEIN": CategoryProfile(0.06, 0.75, (1.0, 1.4, 1.3, 1, 0.95, 0.9, 0.9, 0.95, 0.9, 0.9, 0.9, 1.1), 0),
    # summer holidays and year-end travel
    "PASSPORT": CategoryProfile(0.05, 0.80, (1.2, 1.0, 0.9, 0.9, 1.0, 1.3, 1.4, 1.1, 0.9, 0.9, 0.9, 1.2), 0),
    "DADBONUS": CategoryProfile(0.02, 0.70, FLAT, 0),
    # school entry in March: 입학축하금 applications peak February-April
    "SCHOOLGIFT": CategoryProfile(0.02, 0.75, (0.8, 1.8, 2.4, 1.3, 0.7, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.8), 0),
    # 농업인수당: applications in spring, payment in autumn
    "FARMER": CategoryProfile(0.02, 0.65, (0.8, 1.1, 1.6, 1.5, 1.0, 0.8, 0.8, 0.8, 0.9, 1.3, 0.9, 0.8), 0),
    "TRANSIT": CategoryProfile(0.10, 0.70, (1.0, 1.0, 1.1, 1, 1, 1, 0.95, 0.95, 1.05, 1, 1, 1.0), 1.15),
    "PARKING": CategoryProfile(0.10, 0.55, FLAT, 1.2),
    # summer heat: smell and more waste
    "WASTE": CategoryProfile(0.08, 0.70, (0.95, 1.0, 0.95, 1, 1, 1.05, 1.3, 1.35, 1.0, 0.9, 0.9, 1.0), 0),
    # summer: pools and camp sites
    "FACILITY": CategoryProfile(0.05, 0.80, (0.8, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.3, 1.0, 1.0, 0.9, 0.8), 0),
    # thaw potholes in March, monsoon in July-August
    "ROAD": CategoryProfile(0.07, 0.35, (0.9, 0.9, 1.4, 1.1, 0.9, 0.9, 1.4, 1.3, 0.9, 0.8, 0.8, 0.9), 0),
    # summer heat: open windows, air conditioners
    "NOISE": CategoryProfile(0.06, 0.30, (0.8, 0.8, 0.9, 0.9, 1.0, 1.2, 1.5, 1.5, 1.1, 0.9, 0.8, 0.8), 0),
    "BUILDING": CategoryProfile(0.04, 0.25, (0.9, 0.9, 1.2, 1.2, 1.1, 1, 1, 0.9, 1, 1, 0.9, 0.9), 0),
    # local taxes: income tax after year-end settlement, property tax July and
    # September, resident tax August, car tax December
    "TAX": CategoryProfile(0.09, 0.60, (1.5, 1.3, 0.8, 0.8, 1.1, 0.8, 1.3, 1.2, 1.2, 0.8, 0.8, 1.2), 0),
    # heat-wave shelters in summer, cold in winter
    "WELFARE": CategoryProfile(0.07, 0.40, (1.2, 1.0, 0.9, 0.9, 0.9, 1.0, 1.2, 1.3, 0.9, 0.9, 0.9, 1.2), 0),
    "OTHER": CategoryProfile(0.05, 0.50, FLAT, 0),
}

# Seollal (설날) and Chuseok (추석) fall in different months each year; those months
# have fewer working days, so office contacts dip while travel questions rise.
SEOLLAL = {2020: 1, 2021: 2, 2022: 2, 2023: 1, 2024: 2, 2025: 1, 2026: 2, 2027: 2, 2028: 1,
           2029: 2, 2030: 2}
CHUSEOK = {2020: 10, 2021: 9, 2022: 9, 2023: 9, 2024: 9, 2025: 10, 2026: 9, 2027: 9, 2028: 10,
           2029: 9, 2030: 9}
HOLIDAY_DIP = 0.92

# Channel mix of contacts reaching a person (Sejong: 120 call centre, website, visit).
HUMAN_CHANNELS = ("call120", "website", "visit")
HUMAN_CHANNEL_P = (0.55, 0.25, 0.20)
CHANNELS = HUMAN_CHANNELS + ("chatbot",)


def season_matrix(codes: list[str], years: np.ndarray, months: np.ndarray,
                  scale: float = 1.0) -> np.ndarray:
    """Multiplier per (category, calendar month) with seasonality and holidays.

    ``scale`` stretches the seasonal swings around 1 (tests plant strong seasons with it).
    """
    out = np.empty((len(codes), len(months)))
    is_holiday = np.array(
        [SEOLLAL.get(int(y), 2) == m or CHUSEOK.get(int(y), 9) == m for y, m in zip(years, months)]
    )
    for i, code in enumerate(codes):
        prof = PROFILES.get(code, CategoryProfile(0.02, 0.5, FLAT, 0))
        season = np.asarray(prof.season, dtype=float)
        season = season / season.mean()
        season = np.clip(1 + scale * (season - 1), 0.05, None)
        row = season[months - 1]
        lift = prof.holiday_lift or HOLIDAY_DIP
        out[i] = np.where(is_holiday, row * lift, row)
    return out
