"""Daily budgets per learner and per cohort, checked before a call is sent.

A city paying per token for 300 learners needs a hard stop that explains
itself: whose limit, how much is used, and when it resets (midnight KST).
"""

from __future__ import annotations

from civiclab.errors import BudgetExceededError
from civiclab.llm.ledger import Ledger, next_reset
from civiclab.settings import Settings


def estimate_cost(settings: Settings, model: str, prompt_tokens: int, completion_tokens: int) -> float:
    price = settings.price_for(model)
    if price is None:
        return 0.0
    return prompt_tokens / 1000 * price.input_per_1k + completion_tokens / 1000 * price.output_per_1k


def check_budget(settings: Settings, ledger: Ledger, model: str, prompt_tokens: int, max_tokens: int) -> None:
    limits = [
        ("learner", settings.budget_tokens_per_learner, settings.budget_krw_per_learner),
        ("cohort", settings.budget_tokens_per_cohort, settings.budget_krw_per_cohort),
    ]
    if not any(t or k for _, t, k in limits):
        return
    want_tokens = prompt_tokens + max_tokens
    want_krw = estimate_cost(settings, model, prompt_tokens, max_tokens)
    reset = next_reset().strftime("%m월 %d일 %H시")
    for scope, token_limit, krw_limit in limits:
        if not (token_limit or krw_limit):
            continue
        if scope == "learner":
            used_tokens, used_krw = ledger.spent_today(user=settings.user)
            who = f"학습자 '{settings.user}'"
        else:
            used_tokens, used_krw = ledger.spent_today(cohort=settings.cohort)
            who = f"기수 '{settings.cohort}'"
        if token_limit and used_tokens + want_tokens > token_limit:
            raise BudgetExceededError(
                f"{who}의 하루 사용 한도({token_limit:,} 토큰)를 넘게 됩니다. "
                f"오늘 {used_tokens:,} 토큰을 썼고, 이번 요청에 최대 {want_tokens:,} 토큰이 듭니다.",
                f"한도는 {reset}(한국 시각)에 다시 채워집니다. 급하면 강사에게 한도 조정을 요청하세요.",
            )
        if krw_limit and used_krw + want_krw > krw_limit:
            raise BudgetExceededError(
                f"{who}의 하루 사용 금액 한도({krw_limit:,.0f}원)를 넘게 됩니다. "
                f"오늘 약 {used_krw:,.1f}원을 썼고, 이번 요청은 최대 약 {want_krw:,.1f}원입니다.",
                f"한도는 {reset}(한국 시각)에 다시 채워집니다. 급하면 강사에게 한도 조정을 요청하세요.",
            )
