"""Personal data never reaches a model endpoint, whichever path calls the model.

Each path that can call a model is pointed at a local OpenAI-speaking server
(tests/fakeopenai.py) and fed a resident-registration number and a mobile number:
CLI ``generate`` (single and ``--batch``), the playground's generate and compare
buttons, prompt tests (``run_tests``), the LLM judge (direct, pairwise and through
``score_draft``), and ``Gateway.generate_many``.  Under the default ``block`` policy
the server must receive no request holding them; under ``redact`` it may receive the
request, but only with placeholders.  Each case also proves the path really did reach
the server with clean input, so "nothing received" cannot pass by accident.
"""

from __future__ import annotations

import json
import shutil

import pytest
from support import ROOT

RRN = "900101-1234567"  # 주민등록번호
RRN_COMPACT = "9001011234567"
MOBILE = "010-2345-6789"
MOBILE_COMPACT = "01023456789"
PII_TEXT = f"민원인 홍길동(주민등록번호 {RRN}, 휴대전화 {MOBILE})의 요청"
SHEET = ROOT / "tests" / "facts" / "data" / "sejong-zero-docs.yaml"


def assert_nothing_personal_sent(server) -> None:
    body = json.dumps(server.received, ensure_ascii=False)
    for needle in (RRN, RRN_COMPACT, MOBILE, MOBILE_COMPACT, "1234567", "2345-6789"):
        assert needle not in body, f"{needle} reached the model server"


def remote(make_settings, server, **kw):
    kw.setdefault("max_retries", 0)
    kw.setdefault("timeout", 5)
    return make_settings(backend="openai", base_url=server.base_url, api_key="sk-test-pii",
                         model="fake-model", **kw)


@pytest.fixture
def remote_env(monkeypatch, tmp_path, fake_openai):
    """Environment for the CLI: a real backend at the local server."""
    for key in ("CIVICLAB_CONFIG", "CIVICLAB_PROMPTS_DIR", "CIVICLAB_DATASETS_DIR", "CIVICLAB_PII_POLICY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("CIVICLAB_BACKEND", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-pii")
    monkeypatch.setenv("CIVICLAB_MODEL", "fake-model")
    monkeypatch.setenv("CIVICLAB_MAX_RETRIES", "0")
    monkeypatch.setenv("CIVICLAB_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("CIVICLAB_USER", "learner01")
    monkeypatch.chdir(ROOT)
    return fake_openai


# --- CLI ----------------------------------------------------------------------------------

def test_cli_generate_single_blocks_pii(remote_env, capsys):
    from civiclab.cli import main

    assert main(["generate", "--user", "도서관 개관 보도자료 제목을 제안해 주세요."]) == 0
    assert len(remote_env.chat_requests) == 1  # the path does reach the server
    code = main(["generate", "--system", "민원 답변 담당자입니다.", "--user", PII_TEXT])
    err = capsys.readouterr().err
    assert code == 2 and "주민등록번호" in err and "해결 방법" in err
    assert len(remote_env.chat_requests) == 1
    assert_nothing_personal_sent(remote_env)


def test_cli_generate_prompt_var_blocks_pii(remote_env, capsys, tmp_path):
    from civiclab.cli import main

    block = tmp_path / "block.txt"
    block.write_text(f"[사실 자료]\n제목: 민원 안내\n- 담당자 연락처: {MOBILE}\n", encoding="utf-8")
    code = main(["generate", "--prompt", "press_release.policy_announcement@production",
                 "--var", f"fact_sheet=@{block}"])
    assert code == 2 and "휴대전화" in capsys.readouterr().err
    assert remote_env.chat_requests == []


def test_cli_generate_batch_sends_clean_lines_only(remote_env, capsys, tmp_path):
    from civiclab.cli import main

    lines = [
        {"messages": [{"role": "user", "content": "버스 노선 개편 보도자료 제목 제안"}]},
        {"messages": [{"role": "user", "content": PII_TEXT}]},
        {"messages": [{"role": "system", "content": f"연락처 {MOBILE}"},
                      {"role": "user", "content": "요약해 주세요"}]},
        {"messages": [{"role": "user", "content": "도서관 개관 안내문 한 줄 요약"}]},
    ]
    batch = tmp_path / "in.jsonl"
    batch.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    main(["generate", "--batch", str(batch), "--out", str(out), "--concurrency", "2"])
    capsys.readouterr()
    assert len(remote_env.chat_requests) == 2
    assert_nothing_personal_sent(remote_env)
    results = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(results) == 4  # the blocked lines are kept in the output, not dropped


# --- Gateway.generate_many ----------------------------------------------------------------

@pytest.mark.parametrize("policy", ["block", "redact"])
def test_generate_many(make_settings, fake_openai, policy):
    from civiclab.errors import PiiBlockedError
    from civiclab.llm import ChatRequest, Gateway

    gw = Gateway(remote(make_settings, fake_openai, pii_policy=policy))
    reqs = [ChatRequest([{"role": "user", "content": f"질문 {i}"}]) for i in range(4)]
    reqs.insert(1, ChatRequest([{"role": "user", "content": PII_TEXT}]))
    reqs.insert(3, ChatRequest([{"role": "system", "content": f"담당 {MOBILE}"},
                                {"role": "user", "content": "안내문 써 줘"}]))
    results = gw.generate_many(reqs, concurrency=3, progress=False)
    assert_nothing_personal_sent(fake_openai)
    if policy == "block":
        assert isinstance(results[1], PiiBlockedError) and isinstance(results[3], PiiBlockedError)
        assert len(fake_openai.chat_requests) == 4
    else:
        assert len(fake_openai.chat_requests) == 6
        assert "[주민등록번호]" in json.dumps(fake_openai.received, ensure_ascii=False)


# --- playground -----------------------------------------------------------------------------

@pytest.fixture
def playground(tmp_path, make_settings, fake_openai):
    from civiclab.widgets import Playground

    (tmp_path / "datasets" / "fact_sheets").mkdir(parents=True)
    shutil.copy(SHEET, tmp_path / "datasets" / "fact_sheets" / SHEET.name)
    (tmp_path / "prompts").symlink_to(ROOT / "prompts")
    settings = remote(make_settings, fake_openai, root=tmp_path)
    pg = Playground(settings, learner="learner01")
    pg.backend.value = "openai"
    pg.prompt.value = "press_release.policy_announcement"
    pg.sheet.value = str(pg.session.sheet_paths[0])
    return pg


def test_playground_generate_and_compare_block_pii(playground, fake_openai):
    pg = playground
    pg.generate_button.click()
    assert pg.message.value == "" and len(fake_openai.chat_requests) == 1  # clean input goes out
    block = pg.fields["fact_sheet"].value + f"\n- 민원인 주민등록번호: {RRN}\n- 담당자 휴대전화: {MOBILE}"
    pg.fields["fact_sheet"].value = block
    pg.generate_button.click()
    assert "개인정보" in pg.message.value and pg.fields["fact_sheet"].value == block
    pg.compare_button.click()
    assert "개인정보" in pg.message.value
    assert len(fake_openai.chat_requests) == 1
    assert_nothing_personal_sent(fake_openai)


def test_playground_edited_template_with_pii_is_blocked(playground, fake_openai):
    pg = playground
    role = next(iter(pg.template_boxes))
    pg.template_boxes[role].value += f"\n참고 연락처: {MOBILE}"
    pg.generate_button.click()
    assert "개인정보" in pg.message.value
    assert fake_openai.chat_requests == []


# --- prompt tests ---------------------------------------------------------------------------

PROMPT_WITH_PII_CASE = """\
id: press_release.pii_case
title: 개인정보 시험
task: press_release
owner: 대변인실
tags: [시험]
versions:
  - version: 1
    status: approved
    created: 2026-04-01
    author: 홍길동
    changelog: 처음 만듦
    temperature: 0.2
    max_tokens: 300
    messages:
      - role: system
        content: 당신은 세종특별자치시 대변인실 공무원입니다.
      - role: user
        content: "다음 사실로 보도자료를 쓰세요. 주제: {{ topic }}"
    variables:
      - name: topic
        description: 보도자료 주제
        required: true
labels:
  production: 1
tests:
  - name: 깨끗한 사례
    vars:
      topic: 자전거 축제
    assertions:
      - type: contains
        value: 자전거
  - name: 주민등록번호가 든 사례
    vars:
      topic: "민원인 주민등록번호 RRN 처리 결과"
    assertions:
      - type: contains
        value: 민원
  - name: 휴대전화가 든 사례
    vars:
      topic: "담당자 휴대전화 MOBILE 안내"
    assertions:
      - type: contains
        value: 안내
"""


@pytest.mark.parametrize("policy", ["block", "redact"])
def test_prompt_tests_never_send_pii(tmp_path, make_settings, fake_openai, policy):
    from civiclab.prompts import PromptLibrary
    from civiclab.prompts.testing import run_tests

    folder = tmp_path / "prompts" / "press_release"
    folder.mkdir(parents=True)
    (folder / "press_release.pii_case.yaml").write_text(
        PROMPT_WITH_PII_CASE.replace("RRN", RRN).replace("MOBILE", MOBILE), encoding="utf-8")
    settings = remote(make_settings, fake_openai, root=tmp_path, pii_policy=policy)
    lib = PromptLibrary.load(settings.prompts_path)
    lib.raise_for_errors()
    report = run_tests(lib, settings, "press_release.pii_case")
    assert len(report.runs) == 3
    assert_nothing_personal_sent(fake_openai)
    assert len(fake_openai.chat_requests) == (1 if policy == "block" else 3)
    if policy == "block":
        statuses = {r.case: (r.status, r.error) for r in report.runs}
        for name in ("주민등록번호가 든 사례", "휴대전화가 든 사례"):
            assert statuses[name][0] == "error" and "개인정보" in statuses[name][1], statuses


# --- the LLM judge --------------------------------------------------------------------------

@pytest.fixture
def judge_settings(make_settings, fake_openai):
    return remote(make_settings, fake_openai, judge_model="fake-judge")


def test_judge_grade_blocks_pii(judge_settings, fake_openai):
    from civiclab.scoring.judge import judge_from_settings
    from civiclab.scoring.rubric import load_rubric

    judge, note = judge_from_settings(judge_settings)
    assert judge is not None and note == ""
    rubric = load_rubric("press_release")
    judge.grade("세종시는 버스 노선을 개편한다.", rubric)
    assert len(fake_openai.chat_requests) == 1  # clean drafts do reach the judge
    assert fake_openai.chat_requests[0]["model"] == "fake-judge"
    result = judge.grade(f"세종시는 버스 노선을 개편한다. 문의: {PII_TEXT}", rubric)
    assert result.status == "error" and result.score is None
    assert len(fake_openai.chat_requests) == 1
    assert_nothing_personal_sent(fake_openai)


def test_judge_compare_blocks_pii(judge_settings, fake_openai):
    from civiclab.errors import PiiBlockedError
    from civiclab.scoring.judge import judge_from_settings
    from civiclab.scoring.rubric import load_rubric

    judge, _ = judge_from_settings(judge_settings)
    with pytest.raises(PiiBlockedError):
        judge.compare("세종시는 버스를 늘린다.", f"연락처 {MOBILE}로 문의", load_rubric("press_release"))
    assert fake_openai.chat_requests == []


def test_fact_sheet_with_pii_given_to_the_judge_is_blocked(judge_settings, fake_openai):
    from civiclab.facts import load_fact_sheet
    from civiclab.scoring.judge import judge_from_settings
    from civiclab.scoring.rubric import load_rubric

    sheet = load_fact_sheet(SHEET)
    sheet = sheet.model_copy(update={"facts": [*sheet.facts, f"민원인 주민등록번호 {RRN}"]})
    judge, _ = judge_from_settings(judge_settings)
    result = judge.grade("세종시는 서류 없는 민원 창구를 연다.", load_rubric("press_release"), sheet)
    assert result.status == "error"
    assert fake_openai.chat_requests == []


def test_score_draft_with_a_judge_blocks_pii(judge_settings, fake_openai):
    from civiclab.scoring import score_draft

    report = score_draft(f"세종시는 버스 노선을 개편한다. {PII_TEXT}", kind="press_release",
                         settings=judge_settings)
    assert any(f.code.startswith("PII_") for f in report.findings)
    assert report.criteria["judge"]["score"] is None
    assert_nothing_personal_sent(fake_openai)
