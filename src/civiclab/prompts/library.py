"""``PromptLibrary``: load the folder, resolve references, render messages.

Loading never stops at the first broken file: every file is read and checked
on its own, problems are collected as :class:`Issue` rows (file, line, Korean
problem and fix), and the good prompts stay usable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from civiclab.errors import InputError
from civiclab.prompts.model import LABELS, PromptSpec, PromptVersion
from civiclab.prompts.render import render_text
from civiclab.prompts.yamlio import YamlProblem, line_for, load_yaml

MAX_FILES = 2_000


@dataclass(frozen=True)
class Issue:
    """One problem in one prompt file, located and explained in Korean."""

    code: str
    file: str
    line: int | None
    problem: str
    fix: str
    severity: str = "error"  # error | warning
    prompt: str = ""  # id or id@version when known

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def format_ko(self) -> str:
        return f"{self.where()}: {self.problem}\n  해결 방법: {self.fix}"

    def to_dict(self) -> dict:
        return {
            "code": self.code, "severity": self.severity, "file": self.file, "line": self.line,
            "prompt": self.prompt, "problem": self.problem, "fix": self.fix,
        }


@dataclass
class LoadedFile:
    path: Path
    spec: PromptSpec
    lines: dict
    rel: str = ""  # path shown in messages, relative to the project


class PromptLibrary:
    """All prompt specs under one folder (``settings.prompts_path``)."""

    def __init__(self, root: Path, files: list[LoadedFile], issues: list[Issue]) -> None:
        self.root = Path(root)
        self._files = {f.spec.id: f for f in files}
        self.issues = issues

    # --- loading -----------------------------------------------------------
    @classmethod
    def load(cls, root: Path | str) -> PromptLibrary:
        root = Path(root)
        if not root.is_dir():
            raise InputError(
                f"프롬프트 폴더 {root}이(가) 없습니다.",
                "프로젝트 폴더에서 실행하거나 CIVICLAB_PROMPTS_DIR 로 폴더를 지정하세요.",
            )
        paths = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        if len(paths) > MAX_FILES:
            raise InputError(
                f"프롬프트 파일이 너무 많습니다 ({len(paths)}개).", f"{MAX_FILES}개 이하로 정리하세요."
            )
        files: list[LoadedFile] = []
        issues: list[Issue] = []
        by_id: dict[str, LoadedFile] = {}
        for path in paths:
            rel = _rel(path, root)
            loaded, problems = load_file(path, rel)
            issues.extend(problems)
            if loaded is None:
                continue
            first = by_id.get(loaded.spec.id)
            if first is not None:
                issues.append(Issue(
                    "DUPLICATE_ID", rel, line_for(loaded.lines, ("id",)),
                    f"프롬프트 id '{loaded.spec.id}'이(가) {_rel(first.path, root)}에도 있습니다.",
                    "id는 라이브러리 안에서 하나뿐이어야 합니다. 새 프롬프트라면 id를 바꾸고, "
                    "같은 프롬프트의 새 판이라면 기존 파일의 versions에 추가하세요.",
                    prompt=loaded.spec.id,
                ))
                continue
            by_id[loaded.spec.id] = loaded
            files.append(loaded)
        return cls(root, files, issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def raise_for_errors(self) -> None:
        if self.errors:
            raise InputError(
                f"프롬프트 파일에 오류가 {len(self.errors)}건 있습니다:\n"
                + "\n".join(i.format_ko() for i in self.errors),
                "위에 적힌 파일과 줄을 고친 뒤 다시 실행하세요 (civiclab prompts lint 로 확인).",
            )

    # --- lookup ------------------------------------------------------------
    def ids(self) -> list[str]:
        return sorted(self._files)

    def specs(self) -> list[PromptSpec]:
        return [self._files[i].spec for i in self.ids()]

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, prompt_id: str) -> bool:
        return prompt_id in self._files

    def file_of(self, prompt_id: str) -> LoadedFile:
        self.spec(prompt_id)
        return self._files[prompt_id]

    def spec(self, prompt_id: str) -> PromptSpec:
        if prompt_id in self._files:
            return self._files[prompt_id].spec
        broken = [i for i in self.errors if i.prompt == prompt_id]
        if broken:
            raise InputError(
                f"프롬프트 '{prompt_id}'의 파일에 오류가 있어 쓸 수 없습니다:\n"
                + "\n".join(i.format_ko() for i in broken),
                "파일을 고친 뒤 다시 실행하세요.",
            )
        near = [i for i in self.ids() if prompt_id.split(".")[-1] in i][:3]
        hint = f" 비슷한 id: {', '.join(near)}." if near else ""
        raise InputError(
            f"프롬프트 '{prompt_id}'이(가) 라이브러리에 없습니다.{hint}",
            "civiclab prompts list 로 있는 id를 확인하세요.",
        )

    def get(self, ref: str) -> PromptVersion:
        """Resolve ``id``, ``id@3`` or ``id@production`` / ``id@staging``."""
        prompt_id, _, selector = str(ref).strip().partition("@")
        spec = self.spec(prompt_id)
        if not selector:
            return spec.default_version()
        if re.fullmatch(r"v?\d+", selector):
            number = int(selector.lstrip("v"))
            found = spec.version(number)
            if found is None:
                have = ", ".join(str(v.version) for v in spec.versions)
                raise InputError(
                    f"프롬프트 '{prompt_id}'에 {number}판(version)이 없습니다 (있는 판: {have}).",
                    f"{prompt_id}@{spec.latest.version} 처럼 있는 판 번호를 쓰세요.",
                )
            return found
        if selector in LABELS:
            number = getattr(spec.labels, selector)
            if number is None:
                raise InputError(
                    f"프롬프트 '{prompt_id}'에는 '{selector}' 표시(label)가 붙은 판이 없습니다.",
                    f"civiclab prompts promote {prompt_id}@판번호 --label {selector} 로 붙이거나 "
                    "판 번호를 직접 쓰세요.",
                )
            return spec.version(number)
        raise InputError(
            f"'{ref}'의 '@{selector}'을(를) 알 수 없습니다.",
            "id, id@3 (판 번호), id@production, id@staging 중 하나로 쓰세요.",
        )

    # --- rendering ---------------------------------------------------------
    def render(self, ref: str | PromptVersion, variables: dict | None = None, *,
               context: dict | None = None) -> list[dict]:
        """Chat messages for ``ref`` with ``variables`` filled in (sandboxed, strict).

        ``context`` supplies optional variables the caller did not give, before
        their file defaults: ``settings_context(settings)`` passes the adopting
        city's ``organization``, so another city changes settings, not prompts.
        """
        version = ref if isinstance(ref, PromptVersion) else self.get(ref)
        values = resolve_variables(version, variables or {}, context)
        out: list[dict] = []
        for i, m in enumerate(version.messages):
            text = render_text(m.content, values, where=f"{version.ref} messages[{i}] ({m.role})")
            out.append({"role": m.role, "content": text})
        # Few-shot pairs go right after the system message(s), before the real request.
        if version.examples:
            at = next((i for i, m in enumerate(out) if m["role"] != "system"), len(out))
            shots = []
            for ex in version.examples:
                shots += [{"role": "user", "content": ex.user},
                          {"role": "assistant", "content": ex.assistant}]
            out[at:at] = shots
        return out

    def generate(self, ref: str | PromptVersion, variables: dict | None, gateway):
        """Render and call ``gateway``; the ledger records ``id@version``."""
        version = ref if isinstance(ref, PromptVersion) else self.get(ref)
        messages = self.render(version, variables, context=settings_context(getattr(gateway, "settings", None)))
        return gateway.generate(
            messages,
            temperature=version.temperature,
            max_tokens=version.max_tokens,
            prompt_ref=version.ref,
        )

    def chat_request(self, ref: str | PromptVersion, variables: dict | None, settings=None):
        """A ``ChatRequest`` for batch runs (``Gateway.generate_many``)."""
        from civiclab.llm import ChatRequest

        version = ref if isinstance(ref, PromptVersion) else self.get(ref)
        return ChatRequest(
            messages=self.render(version, variables, context=settings_context(settings)),
            temperature=version.temperature,
            max_tokens=version.max_tokens,
            prompt_ref=version.ref,
        )


def settings_context(settings) -> dict[str, str]:
    """Values from the settings that prompts may use as optional variables."""
    org = getattr(settings, "organization", None)
    return {"organization": org} if org else {}


def resolve_variables(version: PromptVersion, given: dict,
                      context: dict | None = None) -> dict[str, str]:
    """Check ``given`` against the declared variables; fill optional ones from context or defaults."""
    context = context or {}
    declared = {v.name for v in version.variables}
    unknown = sorted(set(given) - declared)
    if unknown:
        raise InputError(
            f"{version.ref}에 없는 변수입니다: {', '.join(unknown)}.",
            "쓸 수 있는 변수: " + (", ".join(sorted(declared)) or "(없음)")
            + f". civiclab prompts show {version.ref} 로 확인하세요.",
        )
    values: dict[str, str] = {}
    missing = []
    for var in version.variables:
        if var.name in given and given[var.name] is not None:
            values[var.name] = str(given[var.name])
        elif var.required:
            missing.append(var)
        else:
            values[var.name] = str(context.get(var.name, var.default))
    if missing:
        lines = "; ".join(f"{v.name} ({v.description})" for v in missing)
        first = missing[0]
        example = f"--var {first.name}=\"{first.example}\"" if first.example else f"--var {first.name}=값"
        raise InputError(
            f"{version.ref}에 꼭 필요한 변수 값이 빠졌습니다: {lines}.",
            f"{example} 처럼 값을 넣으세요.",
        )
    return values


def load_file(path: Path, rel: str) -> tuple[LoadedFile | None, list[Issue]]:
    """Read and validate one prompt file; problems come back as issues, never raised."""
    try:
        data, lines = load_yaml(path)
    except YamlProblem as exc:
        return None, [Issue("YAML_SYNTAX", rel, exc.line, exc.problem, exc.fix, prompt=_guess_id(path))]
    if not isinstance(data, dict):
        return None, [Issue(
            "YAML_SHAPE", rel, 1, "파일의 맨 위가 '항목: 값' 모음(mapping)이 아닙니다.",
            "id:, title:, task:, versions: 처럼 항목을 줄마다 적으세요.", prompt=_guess_id(path),
        )]
    prompt = str(data.get("id", "")) or _guess_id(path)
    try:
        spec = PromptSpec.model_validate(data)
    except ValidationError as exc:
        return None, [_issue_from_pydantic(err, rel, lines, prompt) for err in exc.errors()]
    return LoadedFile(path, spec, lines, rel), []


def _guess_id(path: Path) -> str:
    return path.stem


def _rel(path: Path, root: Path) -> str:
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


_FIELD_HINTS = {
    "id": "id: press_release.policy_announcement 처럼 영어 소문자와 점(.)으로 적으세요",
    "title": "title: 에 한국어 제목을 적으세요",
    "task": "task: press_release, speech, chatbot_answer, rewrite, summary, headline, "
    "fact_extraction, fact_check 중 하나를 적으세요",
    "owner": "owner: 에 담당 부서(예: 대변인실)를 적으세요",
    "versions": "versions: 아래에 '- version: 1' 로 시작하는 판을 하나 이상 적으세요",
    "status": "status: draft(초안), approved(승인), retired(폐기) 중 하나를 적으세요",
    "created": "created: 2026-04-01 처럼 날짜를 적으세요",
    "author": "author: 에 작성자를 적으세요",
    "changelog": "changelog: 에 이 판에서 바뀐 점을 한국어로 적으세요",
    "messages": "messages: 아래에 '- role: system' 과 content 를 적으세요",
    "role": "role: system, user, assistant 중 하나를 적으세요",
    "content": "content: 에 템플릿 글을 적으세요",
    "name": "name: 을 적으세요 (변수는 영어 소문자와 _)",
    "description": "description: 에 한국어 설명을 적으세요",
    "assertions": "assertions: 아래에 '- type: contains' 처럼 검사를 하나 이상 적으세요",
    "type": "type: 에 검사 종류를 적으세요",
}


def _issue_from_pydantic(err: dict, rel: str, lines: dict, prompt: str) -> Issue:
    loc = tuple(err.get("loc", ()))
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    where = ".".join(str(p) for p in loc) or "(파일 전체)"
    kind = err.get("type", "")
    hint = _FIELD_HINTS.get(field, "형식 설명(prompts/README.md)을 참고해 고치세요")
    if kind == "missing":
        problem = f"꼭 필요한 항목 '{where}'이(가) 없습니다."
        code = "FIELD_MISSING"
        line = line_for(lines, loc[:-1])
    elif kind == "extra_forbidden":
        problem = f"알 수 없는 항목 '{where}'이(가) 있습니다."
        hint = "철자를 확인하거나 그 항목을 지우세요"
        code = "FIELD_UNKNOWN"
        line = line_for(lines, loc)
    else:
        code = "FIELD_INVALID"
        line = line_for(lines, loc)
        msg = str(err.get("msg", ""))
        if msg.startswith("Value error, "):
            problem = f"'{where}': {msg[len('Value error, '):]}."
        else:
            problem = f"'{where}'의 값이 올바르지 않습니다 ({_pydantic_ko(err)})."
    return Issue(code, rel, line, problem, hint + ".", prompt=prompt)


def _pydantic_ko(err: dict) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    table = {
        "literal_error": f"허용되는 값: {ctx.get('expected', '')}",
        "string_pattern_mismatch": "형식이 맞지 않음",
        "string_type": "글자여야 함",
        "string_too_short": "비어 있으면 안 됨",
        "string_too_long": "너무 김",
        "int_parsing": "정수여야 함",
        "int_type": "정수여야 함",
        "int_from_float": "정수여야 함",
        "float_parsing": "숫자여야 함",
        "float_type": "숫자여야 함",
        "bool_parsing": "true 또는 false 여야 함",
        "bool_type": "true 또는 false 여야 함",
        "list_type": "목록(- 항목)이어야 함",
        "dict_type": "'항목: 값' 모음이어야 함",
        "model_type": "'항목: 값' 모음이어야 함",
        "too_short": "하나 이상 있어야 함",
        "greater_than_equal": f"{ctx.get('ge', '')} 이상이어야 함",
        "less_than_equal": f"{ctx.get('le', '')} 이하여야 함",
        "date_from_datetime_parsing": "2026-04-01 같은 날짜여야 함",
        "date_parsing": "2026-04-01 같은 날짜여야 함",
        "date_type": "2026-04-01 같은 날짜여야 함",
    }
    return table.get(kind, str(err.get("msg", kind)))
