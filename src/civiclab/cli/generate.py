"""``civiclab generate``: one request or a batch, through the gateway."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from civiclab.errors import CivicLabError, InputError


def _from_prompt(settings, ref: str, variables: dict) -> dict:
    from civiclab.prompts import PromptLibrary

    library = PromptLibrary.load(settings.prompts_path)
    version = library.get(ref)
    return {
        "messages": library.render(ref, variables),
        "temperature": version.temperature,
        "max_tokens": version.max_tokens,
        "prompt_ref": version.ref,
    }


def _batch_item(settings, line_no: int, raw: str) -> dict:
    try:
        item = json.loads(raw)
    except ValueError:
        raise InputError(f"{line_no}번째 줄이 JSON이 아닙니다.", '한 줄에 {"messages": [...]} 하나씩 쓰세요.') from None
    if not isinstance(item, dict):
        raise InputError(f"{line_no}번째 줄이 JSON 객체가 아닙니다.", '{"messages": [...]} 모양으로 쓰세요.')
    if "prompt" in item:
        return _from_prompt(settings, str(item["prompt"]), dict(item.get("vars") or {}))
    if "messages" in item:
        return {k: item[k] for k in ("messages", "temperature", "max_tokens", "prompt_ref") if k in item}
    raise InputError(f"{line_no}번째 줄에 messages 또는 prompt가 없습니다.",
                     '{"messages": [...]} 또는 {"prompt": "id@버전", "vars": {...}} 로 쓰세요.')


def _result_dict(gen) -> dict:
    return {
        "ok": True,
        "text": gen.text,
        "model": gen.model,
        "backend": gen.backend,
        "label": gen.label_ko,
        "prompt_ref": gen.prompt_ref,
        "cached": gen.cached,
        "usage": {"prompt_tokens": gen.prompt_tokens, "completion_tokens": gen.completion_tokens},
        "cost_krw": gen.cost_krw,
        "latency_s": round(gen.latency_s, 3),
        "redactions": gen.redactions,
    }


def _error_dict(exc: CivicLabError) -> dict:
    return {"ok": False, "error": {"type": type(exc).__name__, "problem": exc.problem, "fix": exc.fix}}


def _run_batch(settings, batch: str, out: Path | None, concurrency: int, overwrite: bool) -> int:
    from civiclab.cli._common import read_text_arg
    from civiclab.llm import Gateway

    if out is None:
        raise InputError("--batch 에는 결과 파일(--out)이 필요합니다.", "--out 결과.jsonl 을 붙이세요.")
    if out.exists() and not overwrite:
        raise InputError(f"결과 파일 '{out}'이(가) 이미 있습니다. 덮어쓰지 않았습니다.",
                         "다른 이름을 주거나, 정말 덮어쓰려면 --overwrite 를 붙이세요.")
    lines = read_text_arg(batch, "묶음 파일", max_bytes=50_000_000).splitlines()
    entries = []  # (line_no, raw, request dict or error)
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            entries.append((n, raw, _batch_item(settings, n, raw)))
        except CivicLabError as exc:
            entries.append((n, raw, exc))
    requests = [e[2] for e in entries if not isinstance(e[2], CivicLabError)]
    gateway = Gateway(settings)
    results = iter(gateway.generate_many(requests, concurrency=concurrency))
    failed = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for n, raw, req in entries:
            res = req if isinstance(req, CivicLabError) else next(results)
            if isinstance(res, CivicLabError):
                failed += 1
                # Keep the failed request, so nothing the learner wrote is lost.
                row = {"line": n, **_error_dict(res), "request": json.loads(raw) if raw.strip().startswith("{") else raw}
            else:
                row = {"line": n, **_result_dict(res)}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(entries)}건 중 {len(entries) - failed}건 성공, {failed}건 실패. 결과: {out}")
    print(f"사용한 모델: {gateway.label_ko}")
    return 1 if failed else 0


def register(app: typer.Typer) -> None:
    @app.command("generate", help="지시문(프롬프트)으로 글을 만듭니다. 기본은 인터넷 없이 도는 규칙 기반 연습 모델입니다.")
    def generate(
        prompt: str | None = typer.Option(None, "--prompt", help="프롬프트 목록의 ID[@버전 또는 @production]"),
        var: list[str] | None = typer.Option(None, "--var", help="프롬프트 변수 이름=값 (값이 @파일 이면 파일 내용)"),
        messages: str | None = typer.Option(None, "--messages", help="메시지 목록 JSON 파일(- 는 표준 입력)"),
        system: str | None = typer.Option(None, "--system", help="시스템 지시문 글"),
        user: str | None = typer.Option(None, "--user", help="사용자 요청 글"),
        batch: str | None = typer.Option(None, "--batch", help="한 줄에 요청 하나인 JSONL 파일"),
        out: Path | None = typer.Option(None, "--out", help="묶음 결과 JSONL 파일"),
        concurrency: int = typer.Option(8, "--concurrency", min=1, max=64, help="묶음 동시 실행 수"),
        overwrite: bool = typer.Option(False, "--overwrite", help="결과 파일이 있으면 덮어씁니다."),
        temperature: float | None = typer.Option(None, "--temperature", help="무작위성(0~2)"),
        max_tokens: int | None = typer.Option(None, "--max-tokens", help="답변 최대 토큰 수"),
        backend: str | None = typer.Option(None, "--backend", help="offline(연습 모델) 또는 openai"),
        json_out: bool = typer.Option(False, "--json", help="결과를 JSON으로 출력합니다."),
    ) -> None:
        from civiclab.cli._common import parse_vars, print_json, read_text_arg, settings_from
        from civiclab.llm import Gateway

        settings = settings_from(backend)
        modes = [m for m in (prompt, messages, batch) if m] + ([1] if (system or user) else [])
        if len(modes) != 1:
            raise InputError("--prompt, --messages, --system/--user, --batch 가운데 하나만 쓰세요.",
                             "예: civiclab generate --system \"보도자료를 씁니다\" --user \"제목을 제안해 주세요\"")
        if batch:
            raise typer.Exit(_run_batch(settings, batch, out, concurrency, overwrite))
        if prompt:
            req = _from_prompt(settings, prompt, parse_vars(var))
        elif messages:
            try:
                msgs = json.loads(read_text_arg(messages, "메시지 파일"))
            except ValueError:
                raise InputError("메시지 파일이 JSON이 아닙니다.",
                                 '[{"role": "user", "content": "..."}] 모양의 JSON으로 쓰세요.') from None
            req = {"messages": msgs.get("messages", msgs) if isinstance(msgs, dict) else msgs}
        else:
            if not user:
                raise InputError("--user 요청 글이 없습니다.", '--user "요청 내용" 을 붙이세요.')
            req = {"messages": ([{"role": "system", "content": system}] if system else [])
                   + [{"role": "user", "content": user}]}
        if temperature is not None:
            req["temperature"] = temperature
        if max_tokens is not None:
            req["max_tokens"] = max_tokens
        gen = Gateway(settings).generate(**req)
        if json_out:
            print_json(_result_dict(gen))
        else:
            from rich.console import Console

            console = Console()
            console.print(gen.text, markup=False, highlight=False)
            where = "저장된 답변" if gen.cached else f"{gen.latency_s:.2f}초"
            console.print(f"\n[dim]— {gen.label_ko}, {where}, 토큰 {gen.prompt_tokens}+{gen.completion_tokens}"
                          + (f", {gen.prompt_ref}" if gen.prompt_ref else "") + "[/]")
