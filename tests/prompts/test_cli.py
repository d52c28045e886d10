"""The ``civiclab prompts`` commands through the real CLI edge: Korean output, exit codes."""

from __future__ import annotations

import json

from promptkit import GOOD, run_cli, write

from civiclab.prompts import PromptLibrary


def test_list_table_and_json(project, capsys):
    assert run_cli(["prompts", "list"]) == 0
    out = capsys.readouterr().out
    assert "press_release.sample" in out and "프롬프트 라이브러리 (1개)" in out
    assert run_cli(["prompts", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["prompts"][0]["production"] == 1 and data["errors"] == []


def test_broken_file_exit_2_but_the_rest_is_listed(project, capsys):
    write(project, "prompts/speech/speech.bad.yaml", "id: speech.bad\n  title: 들여쓰기 틀림\n")
    write(project, "prompts/press_release/press_release.copy.yaml",
          GOOD.replace("id: press_release.sample", "id: press_release.another"))
    write(project, "prompts/press_release/press_release.zz.yaml", GOOD)  # duplicate id
    assert run_cli(["prompts", "list"]) == 2
    captured = capsys.readouterr()
    assert "press_release.sample" in captured.out and "press_release.another" in captured.out
    assert "speech.bad.yaml:2" in captured.err and "YAML 문법 오류" in captured.err
    assert "press_release.zz.yaml:1" in captured.err and "해결 방법" in captured.err
    assert "Traceback" not in captured.err


def test_show_and_unknown_version(project, capsys):
    assert run_cli(["prompts", "show", "press_release.sample@production"]) == 0
    out = capsys.readouterr().out
    assert "시험용 보도자료" in out and "press_release.sample@1" in out and "topic" in out
    assert run_cli(["prompts", "show", "press_release.sample@5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("문제: 프롬프트 'press_release.sample'에 5판") and "해결 방법:" in err
    assert run_cli(["prompts", "show", "press_release.sample@staging"]) == 2
    assert "staging" in capsys.readouterr().err


def test_render_with_vars_file_and_json(project, capsys, tmp_path):
    (tmp_path / "topic.txt").write_text("세종 호수공원 축제", encoding="utf-8")
    assert run_cli(["prompts", "render", "press_release.sample", "--var", "topic=@topic.txt",
                    "--var", "audience=시민", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["prompt_ref"] == "press_release.sample@1" and data["temperature"] == 0.2
    assert "세종 호수공원 축제" in data["messages"][1]["content"] and "독자: 시민" in data["messages"][1]["content"]


def test_render_bad_input_is_korean_exit_2(project, capsys):
    assert run_cli(["prompts", "render", "press_release.sample"]) == 2
    err = capsys.readouterr().err
    assert "topic" in err and "문제:" in err and "해결 방법:" in err
    assert run_cli(["prompts", "render", "press_release.sample", "--var", "topic"]) == 2
    assert "--var 이름=값" in capsys.readouterr().err
    assert run_cli(["prompts", "render", "press_release.sample", "--var", "topic=@없는파일.txt"]) == 2
    assert "읽을 수 없습니다" in capsys.readouterr().err
    assert run_cli(["prompts", "render"]) == 2
    assert "사용법 오류" in capsys.readouterr().err


def test_render_refuses_template_injection(project, capsys):
    write(project, "prompts/press_release/press_release.sample.yaml",
          GOOD.replace('content: "주제: {{ topic }}"', "content: \"{{ ''.__class__.__mro__ }}{{ topic }}\""))
    assert run_cli(["prompts", "render", "press_release.sample@2", "--var", "topic=x"]) == 2
    err = capsys.readouterr().err
    assert "보안상 차단" in err and "class" not in err.split("해결 방법")[0].replace("__class__", "")


def test_diff_is_readable_korean(project, capsys):
    assert run_cli(["prompts", "diff", "press_release.sample@1", "press_release.sample@2"]) == 0
    out = capsys.readouterr().out
    assert "온도(temperature): 0.2 → 0.3" in out and "상태: 승인(approved) → 초안(draft)" in out
    assert "변수 삭제: audience" in out and "+주제: {{ topic }}" in out
    assert run_cli(["prompts", "diff", "press_release.sample@1", "press_release.sample@1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["changed"] is False


def test_lint_lock_and_exit_codes(project, capsys):
    assert run_cli(["prompts", "lint"]) == 0  # only warnings: versions not locked yet
    assert "LOCK_MISSING" in capsys.readouterr().out
    assert run_cli(["prompts", "lock"]) == 0
    assert "추가: press_release.sample@1" in capsys.readouterr().out
    assert run_cli(["prompts", "lint", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["issues"] == []
    write(project, "prompts/press_release/press_release.sample.yaml",
          GOOD.replace("당신은 세종특별자치시 대변인실 공무원입니다.\n", "당신은 {{ tone }} 공무원입니다.\n", 1))
    assert run_cli(["prompts", "lint"]) == 1
    out = capsys.readouterr().out
    assert "VAR_UNDECLARED" in out and "LOCK_CHANGED" in out and "실패" in out
    assert run_cli(["prompts", "lock"]) == 2
    assert "승인되었거나 폐기된 판의 내용이 바뀌었습니다" in capsys.readouterr().err
    write(project, "prompts/x/x.bad.yaml", "id: [\n")
    assert run_cli(["prompts", "lint"]) == 2


def test_new_scaffolds_a_file_that_loads_and_lints(project, capsys):
    from civiclab.prompts.lint import lint_library

    for task, pid in [("press_release", "press_release.budget_notice"),
                      ("chatbot_answer", "chatbot.parking_faq"), ("rewrite", "writing.easy_words")]:
        assert run_cli(["prompts", "new", pid, "--task", task, "--title", "새 프롬프트 시험",
                        "--owner", "대변인실", "--author", "김세종"]) == 0
        assert (project / "prompts" / pid.split(".")[0] / f"{pid}.yaml").is_file()
    capsys.readouterr()
    lib = PromptLibrary.load(project / "prompts")
    assert lib.errors == [] and len(lib) == 4
    issues, _ = lint_library(lib, project_root=project)
    assert [i.code for i in issues if i.severity == "error"] == []
    assert run_cli(["prompts", "new", "chatbot.parking_faq", "--task", "chatbot_answer",
                    "--title", "중복"]) == 2
    assert "이미 있습니다" in capsys.readouterr().err
    assert run_cli(["prompts", "new", "Bad-ID", "--task", "speech", "--title", "제목"]) == 2
    assert run_cli(["prompts", "new", "speech.x", "--task", "poem", "--title", "제목"]) == 2
    assert run_cli(["prompts", "new", "speech.x", "--task", "speech", "--title", "Title"]) == 2


def test_render_fills_fact_sheet_from_a_file_and_show_json(project, capsys):
    from promptkit import write as write_file

    write_file(project, "sheet.yaml", """\
        id: cli-sheet
        kind: press_release
        title: 세종시, 시험 사업 추진
        organization: 세종특별자치시
        release_date: 2026-04-02
        facts: [시험 사실입니다.]
        """)
    text = GOOD.replace('content: "주제: {{ topic }}"', 'content: "주제: {{ topic }}\\n{{ fact_sheet }}"')
    text = text.replace("    variables:\n      - name: topic\n        description: 보도자료 주제\nlabels",
                        "    variables:\n      - name: topic\n        description: 보도자료 주제\n"
                        "      - name: fact_sheet\n        description: 사실 자료 블록\nlabels")
    write(project, "prompts/press_release/press_release.sample.yaml", text)
    assert run_cli(["prompts", "render", "press_release.sample@2", "--var", "topic=시험",
                    "--fact-sheet", "sheet.yaml", "--json"]) == 0
    user = json.loads(capsys.readouterr().out)["messages"][1]["content"]
    assert "[사실 자료]" in user and "세종시, 시험 사업 추진" in user
    assert run_cli(["prompts", "render", "press_release.sample@2", "--var", "topic=시험",
                    "--fact-sheet", "없는.yaml"]) == 2
    assert "문제:" in capsys.readouterr().err
    assert run_cli(["prompts", "show", "press_release.sample@2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["prompt_ref"] == "press_release.sample@2" and data["content_hash"].startswith("sha256:")
    assert data["tests"] == ["주제가 들어감"]
