from rouge_score.rouge_scorer import RougeScorer

from civiclab.scoring.rouge import KoreanRouge, rouge_scores
from civiclab.scoring.tokenizer import analyze

A = "세종시는 오는 17일부터 심야 버스 3개 노선을 새로 운행한다고 밝혔다."
B = "세종시가 17일부터 심야 버스 노선 3개를 새로 운행한다."


def test_stock_rouge_scores_korean_zero():
    # Why the injected tokenizer exists: rouge-score keeps only [a-z0-9].
    stock = RougeScorer(["rouge1", "rougeL"])
    assert stock.score("시민 안전을 지킨다", "시민 안전을 지킨다")["rouge1"].fmeasure == 0.0
    # On mixed text only the digits count: two unrelated sentences look identical.
    assert stock.score("버스 17대를 3곳에 배치한다", "도서관 17곳과 3개 학교가 문을 닫는다")["rouge1"].fmeasure == 1.0
    assert rouge_scores("버스 17대를 3곳에 배치한다", "도서관 17곳과 3개 학교가 문을 닫는다")["rouge1"] <= 0.5


def test_identical_is_one(kiwi):
    assert rouge_scores(A, A) == {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}


def test_partial_overlap_between_zero_and_one(kiwi):
    r = rouge_scores(B, A)
    assert 0.5 < r["rouge1"] < 1.0
    assert r["rouge2"] < r["rouge1"]
    unrelated = rouge_scores("도서관이 책을 빌려준다", A)
    assert unrelated["rouge1"] < 0.2


def test_pre_analysed_drafts_are_not_retokenised(kiwi, monkeypatch):
    rouge = KoreanRouge()
    a, b = analyze(A), analyze(B)
    expected = rouge_scores(A, B)
    import civiclab.scoring.tokenizer as tk

    monkeypatch.setattr(tk, "analyze", lambda text: (_ for _ in ()).throw(AssertionError("re-run")))
    assert rouge.score(a, b) == expected
