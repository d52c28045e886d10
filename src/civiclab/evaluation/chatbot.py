"""Try a chatbot answer prompt on a sample of the AI충녕 evaluation set (notebook 06).

An answer is *correct* when it holds every required fact and does not hand over;
a question that must go to a person is correct when the answer hands over.  The
projection follows the metrics' definition (civiclab.metrics.prompt_tests):
``sum over covered categories of answer_rate[c] x share[c]``, where ``share`` is the
category's share of simple complaints reaching a person before the launch.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

TARGET = 0.30  # the city's goal: about 30% fewer simple complaints

# Phrases by which an answer passes the citizen to a person or an emergency line.  A keyword
# rule, not a judgement: it is shown to learners as such.
HAND_OVER = re.compile(
    r"담당자가\s*도와|상담원|상담사|연결해\s*드리|연결하겠|연결됩니다|119|112|"
    r"(처리|확인|안내해\s*드릴|답변드릴|답할)\s*수\s*없|찾을\s*수\s*없|답하기\s*어렵|답변드리기\s*어렵"
)

# Fallback when datasets/complaints/complaints_sample.parquet is missing: volume share x
# simple share per category, the assumptions written in datasets/complaints/README.md.
EXAMPLE_MIX = {
    "CERT": (12, 85), "MOVEIN": (6, 75), "PASSPORT": (5, 80), "DADBONUS": (2, 70), "SCHOOLGIFT": (2, 75),
    "FARMER": (2, 65), "TRANSIT": (10, 70), "PARKING": (10, 55), "WASTE": (8, 70), "FACILITY": (5, 80),
    "ROAD": (7, 35), "NOISE": (6, 30), "BUILDING": (4, 25), "TAX": (9, 60), "WELFARE": (7, 40), "OTHER": (5, 50),
}


@dataclass
class ItemResult:
    item_id: str
    category: str
    question: str
    answer: str
    should_hand_over: bool
    handed_over: bool
    missing_facts: list[str]
    error: str = ""

    @property
    def correct(self) -> bool:
        if self.error:
            return False
        if self.should_hand_over:
            return self.handed_over
        return not self.handed_over and not self.missing_facts

    @property
    def hand_over_right(self) -> bool:
        return not self.error and self.handed_over == self.should_hand_over


def hands_over(answer: str) -> bool:
    return HAND_OVER.search(answer) is not None


def missing_facts(answer: str, facts: list[str]) -> list[str]:
    squeezed = re.sub(r"\s+", "", answer)
    return [f for f in facts if re.sub(r"\s+", "", f) not in squeezed]


def sample_items(eval_set, per_category: int, seed: int = 2025) -> list:
    """``per_category`` items of every category, the same ones on every run."""
    by_cat: dict[str, list] = {}
    for item in eval_set.items:
        by_cat.setdefault(item.category, []).append(item)
    rng = random.Random(seed)
    out = []
    for cat in sorted(by_cat):
        items = sorted(by_cat[cat], key=lambda i: i.id)
        out += sorted(rng.sample(items, min(per_category, len(items))), key=lambda i: i.id)
    return out


def run_items(items, eval_set, render, gateway) -> list[ItemResult]:
    """``render(source_text, question) -> messages``; one request per item, in order."""
    from civiclab.errors import CivicLabError
    from civiclab.llm import ChatRequest

    requests = [ChatRequest(render(eval_set.source_of(i).text, i.question)) for i in items]
    answers = gateway.generate_many(requests, concurrency=4, progress=False)
    out = []
    for item, ans in zip(items, answers):
        if isinstance(ans, CivicLabError):
            out.append(ItemResult(item.id, item.category, item.question, "", item.should_hand_over,
                                  False, list(item.required_facts), error=ans.format_ko()))
            continue
        out.append(ItemResult(item.id, item.category, item.question, ans.text, item.should_hand_over,
                              hands_over(ans.text), missing_facts(ans.text, item.required_facts)))
    return out


def category_rates(results: list[ItemResult]) -> dict[str, dict]:
    """Per category: answerable questions, answer rate, hand-over accuracy."""
    out: dict[str, dict] = {}
    for cat in sorted({r.category for r in results}):
        rs = [r for r in results if r.category == cat]
        answerable = [r for r in rs if not r.should_hand_over]
        out[cat] = {
            "items": len(rs),
            "answerable": len(answerable),
            "answer_rate": (sum(r.correct for r in answerable) / len(answerable)) if answerable else None,
            "hand_over_accuracy": sum(r.hand_over_right for r in rs) / len(rs),
        }
    return out


def simple_shares(settings, categories) -> tuple[dict[str, float], str]:
    """Each category's share of simple complaints handled by a person before the chatbot.

    From the complaint log sample when it is there (the 12 months before the first
    chatbot contact), else the datasheet's assumptions; the second value says which.
    """
    path = settings.datasets_path / "complaints" / "complaints_sample.parquet"
    if path.is_file():
        import pandas as pd

        df = pd.read_parquet(path, columns=["ts", "channel", "category", "is_simple", "handled_by"])
        ts = pd.to_datetime(df["ts"])
        launch = ts[df["channel"] == "chatbot"].min()
        if pd.notna(launch):
            before = df[(ts < launch) & (ts >= launch - pd.DateOffset(months=12))]
            simple = before[before["is_simple"].astype(bool) & (before["handled_by"] == "human")]
            counts = simple["category"].astype(str).value_counts()
            total = counts.sum()
            if total:
                return ({c: float(counts.get(c, 0) / total) for c in categories},
                        f"민원 기록 표본({path.name})의 출시 전 12개월")
    weights = {c: EXAMPLE_MIX.get(c, (0, 0))[0] * EXAMPLE_MIX.get(c, (0, 0))[1] for c in categories}
    total = sum(weights.values()) or 1
    return ({c: w / total for c, w in weights.items()},
            "예시 값: 민원 기록 파일이 없어 자료 설명서(datasets/complaints)의 가정으로 계산")


def projected_reduction(rates: dict[str, dict], shares: dict[str, float], covered: dict[str, bool]) -> dict:
    """Rows per category and the total expected cut in simple complaints, against TARGET."""
    rows = []
    for cat, share in sorted(shares.items(), key=lambda kv: -kv[1]):
        rate = rates.get(cat, {}).get("answer_rate")
        counted = covered.get(cat, False) and rate is not None
        rows.append({"category": cat, "covered": covered.get(cat, False), "answer_rate": rate,
                     "share": share, "cut": (rate * share) if counted else 0.0})
    total = sum(r["cut"] for r in rows)
    return {"rows": rows, "total": total, "target": TARGET, "gap": total - TARGET}
