"""Load fact sheets from YAML with Korean errors that name the exact field.

Fact sheets are written by hand by PR officers, so every mistake must come back
as "which file, which field, what is wrong, how to fix it", e.g.::

    문제: 사실 자료 'sejong.yaml'의 내용이 잘못되었습니다.
      - figures[2].value: 숫자가 아닙니다 (받은 값: '많음')
    해결 방법: figures[2].value에 숫자만 쓰세요 (예: value: 63000, 단위는 unit에). ...

Parsing is defensive: files over 1 MB, YAML anchors/aliases (the "billion
laughs" bomb), duplicate keys (which YAML would silently overwrite) and deep
nesting are refused before any object is built.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from civiclab.errors import InputError
from civiclab.facts.model import FactSheet
from civiclab.yamlsafe import YamlProblem, safe_load

__all__ = ["MAX_BYTES", "load_fact_sheet", "load_fact_sheet_dir", "parse_fact_sheet"]

MAX_BYTES = 1_000_000
_MAX_REPORTED = 6


_TYPE_PROBLEMS = {
    "missing": "필수 항목이 없습니다",
    "extra_forbidden": "알 수 없는 항목입니다",
    "string_type": "글자가 아닙니다",
    "int_type": "숫자가 아닙니다",
    "float_type": "숫자가 아닙니다",
    "int_parsing": "숫자가 아닙니다",
    "float_parsing": "숫자가 아닙니다",
    "list_type": "목록(- 로 시작하는 줄)이 아닙니다",
    "model_type": "'항목: 값' 묶음이 아닙니다",
    "dict_type": "'항목: 값' 묶음이 아닙니다",
    "string_too_short": "비어 있습니다",
    "string_too_long": "너무 깁니다",
    "literal_error": "press_release, speech, chatbot_answer 중 하나여야 합니다",
    "string_pattern_mismatch": "영문 소문자, 숫자, 하이픈(-)만 쓸 수 있습니다",
}


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("int", "float", "function-before[_number(), union[int,float]]"):
            continue  # union branches: not a field the user wrote
        elif str(part).startswith(("function-", "union")):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "(전체)"


def _looks_split(key, value) -> bool:
    """A key with no value that is not an identifier: the tail of a value YAML cut off."""
    return value is None and isinstance(key, str) and not re.fullmatch(r"[A-Za-z_]\w*", key)


def _fix_for(path: str, etype: str) -> str:
    leaf = path.rsplit(".", 1)[-1]
    if etype == "split_value":
        return (
            f"{path}의 값에 쉼표(,)나 쌍점(:)이 들어 있으면 값 전체를 따옴표로 감싸세요 "
            '(예: text: "답하고, 돕겠습니다").'
        )
    if etype == "missing":
        example = {"release_date": " (예: release_date: 2024-04-02)", "kind": " (예: kind: press_release)",
                   "id": " (예: id: sejong-zero-docs)"}.get(leaf, "")
        return f"{path} 항목을 추가하세요{example}."
    if leaf == "value" and path.startswith("figures"):
        return f"{path}에 숫자만 쓰세요 (예: value: 63000, 단위는 unit에)."
    if "date" in leaf or (leaf == "value" and path.startswith("dates")):
        return f"{path}를 연-월-일 형식으로 쓰세요 (예: 2024-04-02)."
    if leaf == "kind":
        return "kind를 press_release(보도자료), speech(연설문), chatbot_answer(챗봇 답변) 중 하나로 쓰세요."
    if leaf == "id":
        return "id를 영문 소문자와 숫자, 하이픈으로 쓰세요 (예: sejong-zero-docs)."
    if leaf == "phone":
        return f'{path}의 전화번호를 따옴표로 감싸 글자로 쓰세요 (예: phone: "044-300-1234").'
    if etype == "extra_forbidden":
        return (f"{path} 항목을 지우거나 철자를 고치세요 (쓸 수 있는 항목: id, kind, title, "
                "organization, release_date, contact, facts, figures, dates, people, quotes).")
    if path.startswith("quotes") and leaf == "speaker":
        return (
            "인용한 사람을 people에 이름과 직함으로 추가하거나 "
            f"{path}를 people의 이름과 똑같이 쓰세요."
        )
    return f"{path}를 고치세요."


def _from_validation(exc: ValidationError, source: str) -> InputError:
    items: list[tuple[str, str, str]] = []
    for err in exc.errors(include_url=False):
        etype = err["type"]
        path = _field_path(tuple(err["loc"]))
        if etype == "value_error":
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
            if ": " in msg and path == "(전체)":
                path, msg = msg.split(": ", 1)
        elif etype == "extra_forbidden" and _looks_split(err["loc"][-1], err.get("input")):
            # {text: 가, 나} or text: 가: 나 -- YAML split a value at a comma or colon
            path = _field_path(tuple(err["loc"][:-1]))
            etype = "split_value"
            msg = f"값이 쉼표나 쌍점에서 잘려 '{err['loc'][-1]}' 부분이 항목 이름으로 읽혔습니다"
        elif etype.startswith(("date", "datetime")):
            msg = "날짜 형식이 아닙니다"
        else:
            msg = _TYPE_PROBLEMS.get(etype, err["msg"])
        if etype not in ("missing",) and "input" in err and not isinstance(err["input"], (dict, list)):
            msg += f" (받은 값: {err['input']!r})"
        items.append((path, msg, etype))
    seen: set[str] = set()
    unique = [it for it in items if not (it[0] + it[1] in seen or seen.add(it[0] + it[1]))]
    shown = unique[:_MAX_REPORTED]
    lines = [f"사실 자료 '{source}'의 내용이 잘못되었습니다."]
    lines += [f"  - {p}: {m}" for p, m, _ in shown]
    if len(unique) > len(shown):
        lines.append(f"  - 그 밖에 {len(unique) - len(shown)}개")
    fixes = list(dict.fromkeys(_fix_for(p, t) for p, _, t in shown))
    err = InputError("\n".join(lines), " ".join(fixes) + " 고친 뒤 다시 실행하세요.",
                     detail=str(exc))
    err.field_errors = [(p, m) for p, m, _ in unique]  # for tests and widgets
    return err


def parse_fact_sheet(text: str, source: str = "<입력>") -> FactSheet:
    """Validate YAML text as a :class:`FactSheet`; raise InputError in Korean."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError(f"사실 자료 '{source}'가 너무 큽니다 (1MB 초과).",
                         "사실 자료는 한 건의 보도자료에 필요한 내용만 담으세요.")
    if "\x00" in text:
        raise InputError(f"사실 자료 '{source}'가 글자 파일이 아닙니다.",
                         "YAML 글자 파일(UTF-8)을 지정하세요.")
    if not text.strip():
        raise InputError(f"사실 자료 '{source}'가 비어 있습니다.",
                         "id, kind, title, organization, release_date 등을 적으세요.")
    try:
        # Dates stay text so pydantic reports a bad one (2024-13-02) against its field.
        data = safe_load(text, dates_as_text=True)
    except YamlProblem as exc:
        raise InputError(f"사실 자료 '{source}'{exc.where()}: {exc.problem}", exc.fix) from None
    if not isinstance(data, dict):
        raise InputError(
            f"사실 자료 '{source}'의 맨 위가 '항목: 값' 묶음이 아닙니다.",
            "파일을 'id: ...', 'kind: ...'처럼 항목 이름으로 시작하세요.",
        )
    try:
        return FactSheet.model_validate(data)
    except ValidationError as exc:
        raise _from_validation(exc, source) from None


def load_fact_sheet(path: str | Path) -> FactSheet:
    """Read and validate one fact sheet file."""
    p = Path(path)
    name = p.name or str(p)
    if not p.exists():
        raise InputError(f"사실 자료 파일 '{p}'을(를) 찾을 수 없습니다.",
                         "파일 이름과 경로를 확인하세요 (예: datasets/fact_sheets/sejong-zero-docs.yaml).")
    if p.is_dir():
        raise InputError(f"'{p}'은(는) 폴더입니다.", "폴더 안의 사실 자료 YAML 파일 하나를 지정하세요.")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"사실 자료 '{name}'가 너무 큽니다 ({size:,}바이트, 한도 1MB).",
                         "사실 자료는 한 건의 보도자료에 필요한 내용만 담으세요.")
    raw = p.read_bytes()
    if b"\x00" in raw:
        raise InputError(f"사실 자료 '{name}'가 글자 파일이 아닙니다.",
                         "YAML 글자 파일(UTF-8)을 지정하세요.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"사실 자료 '{name}'가 UTF-8 글자 파일이 아닙니다.",
                         "편집기에서 인코딩을 UTF-8로 바꿔 다시 저장하세요 (한글 파일의 EUC-KR은 읽지 못합니다).") from None
    return parse_fact_sheet(text, source=name)


def load_fact_sheet_dir(directory: str | Path) -> dict[str, FactSheet]:
    """Load every ``*.yaml``/``*.yml`` in a folder; ids must be unique across files."""
    d = Path(directory)
    if not d.is_dir():
        raise InputError(f"사실 자료 폴더 '{d}'를 찾을 수 없습니다.", "폴더 경로를 확인하세요.")
    sheets: dict[str, FactSheet] = {}
    origin: dict[str, str] = {}
    for p in sorted([*d.glob("*.yaml"), *d.glob("*.yml")]):
        sheet = load_fact_sheet(p)
        if sheet.id in sheets:
            raise InputError(
                f"사실 자료 id '{sheet.id}'가 '{origin[sheet.id]}'와 '{p.name}'에 함께 쓰였습니다.",
                "id는 파일마다 달라야 합니다. 한쪽의 id를 바꾸세요.",
            )
        sheets[sheet.id] = sheet
        origin[sheet.id] = p.name
    return sheets
