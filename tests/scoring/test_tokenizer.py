import subprocess
import sys

from civiclab.scoring.tokenizer import (
    KiwiMorphTokenizer,
    analyze,
    analyze_many,
    get_kiwi,
    split_paragraphs,
    tokenizer_id,
)


def test_one_kiwi_per_process(kiwi):
    assert get_kiwi() is kiwi


def test_import_civiclab_scoring_is_light():
    code = ("import sys, civiclab, civiclab.scoring, civiclab.scoring.findings;"
            "print(','.join(m for m in ('kiwipiepy','pandas','rouge_score','openai') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_offsets_point_into_the_draft(kiwi):
    text = "세종시, 심야 버스 운행\n\n세종시는 오는 17일부터 버스를 운행한다. 시는 협약을 맺었다!\n문의: 대중교통과"
    a = analyze(text)
    assert [text[s:e] for s, e in a.paragraphs] == [
        "세종시, 심야 버스 운행", "세종시는 오는 17일부터 버스를 운행한다. 시는 협약을 맺었다!", "문의: 대중교통과"]
    assert [s.text for s in a.sentences][1:3] == ["세종시는 오는 17일부터 버스를 운행한다.", "시는 협약을 맺었다!"]
    for s in a.sentences:
        assert text[s.start:s.end] == s.text
    for m in a.morphs:
        if m.tag.startswith(("NN", "SN", "SL")):
            assert text[m.start:m.end] == m.form
    assert a.eojeol_count == len(text.split())


def test_content_tokens_match_across_endings(kiwi):
    tok = KiwiMorphTokenizer()
    assert tok.tokenize("시는 계획을 발표했다") == tok.tokenize("시는 계획을 발표하였다")
    tokens = tok.tokenize("세종시가 FTA 지원 창구를 3곳에 연다.")
    assert "fta" in tokens and "3" in tokens and "창구" in tokens
    assert "가" not in tokens and "." not in tokens  # particles and punctuation dropped


def test_user_words_stay_whole(kiwi):
    assert "행정안전부" in KiwiMorphTokenizer().tokenize("행정안전부와 협약을 맺었다")


def test_batch_equals_single(kiwi):
    texts = ["첫 번째 초안입니다.\n둘째 문단입니다.", "두 번째 초안은 한 문단입니다."]
    assert analyze_many(texts) == [analyze(t) for t in texts]


def test_long_lines_are_cut_at_sentence_ends():
    line = "가나다라 마바사. " * 600
    spans = split_paragraphs(line)
    assert len(spans) > 1 and all(e - s <= 2000 for s, e in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(line.rstrip())


def test_tokenizer_id_names_kiwi_version():
    import kiwipiepy

    assert tokenizer_id() == f"kiwi-{kiwipiepy.__version__}+morph"
