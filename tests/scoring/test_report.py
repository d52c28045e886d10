from civiclab.scoring import reports_to_frame, score_draft
from civiclab.scoring.findings import Finding
from civiclab.scoring.report import ScoreReport, Signature


def test_signature_round_trip():
    sig = Signature(tokenizer="kiwi-0.24.1+morph", glossary="1a2b3c4d", rubric="press_release@2",
                    typos="5e6f7a8b")
    text = str(sig)
    assert text == ("civiclab-score:v1|tok:kiwi-0.24.1+morph|glossary:1a2b3c4d|typos:5e6f7a8b"
                    "|rubric:press_release@2|judge:none")
    assert Signature.parse(text) == sig


def test_signature_written_before_the_typo_list_still_parses():
    old = "civiclab-score:v1|tok:kiwi-0.24.1+morph|glossary:1a2b3c4d|rubric:press_release@1|judge:none"
    assert Signature.parse(old).typos == "none"


def test_report_signature_names_glossary_and_rubric(kiwi, settings, bus_draft, bus_sheet):
    from civiclab.scoring.glossary import glossary_for

    report = score_draft(bus_draft, bus_sheet, settings=settings)
    sig = Signature.parse(str(report.signature))
    assert sig.glossary == glossary_for(settings).hash8
    assert sig.rubric == "press_release@2" and sig.judge == "none"


def test_html_escapes_and_highlights_in_place():
    text = "<script>alert(1)</script> FTA를 썼다."
    at = text.index("FTA")
    f = Finding("STYLE_LATIN_ABBREV", "warning", "약어 <b>", at, at + 3, "자유무역협정(FTA) & 괄호")
    report = ScoreReport(text=text, kind="press_release", total=88.0,
                         criteria={"ease": {"label": "용이성", "score": 80.0, "weight": 35, "problems": 1}},
                         findings=[f], signature=Signature("tok", "gloss", "r@1"))
    html = report._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "약어 &lt;b&gt;" in html and "&amp; 괄호" in html
    assert ">FTA</mark><sup>1</sup>" in html
    assert "총점 88.0" in html and "고칠 방법" in html


def test_to_dict_and_frame(kiwi, settings, bus_draft, bus_sheet):
    reports = [score_draft(bus_draft, bus_sheet, settings=settings),
               score_draft(bus_draft.replace("1,200명", "1,500명"), bus_sheet, settings=settings)]
    d = reports[1].to_dict()
    assert set(d) >= {"draft", "total", "criteria", "findings", "signature"}
    assert any(f["code"].startswith("FACT_") for f in d["findings"])
    frame = reports_to_frame(reports)
    assert list(frame["n_fact"]) == [0, sum(1 for f in reports[1].findings if f.family == "FACT_")]
    assert frame.loc[0, "total"] > frame.loc[1, "total"]
