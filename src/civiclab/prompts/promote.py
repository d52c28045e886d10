"""Moving a label (``production``/``staging``) onto a version: deploy and roll back.

Promotion edits only the ``labels`` block of the prompt file, line by line, so
the author's comments and layout survive; the edited file is re-validated
before it replaces the original.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from civiclab.errors import InputError
from civiclab.prompts.library import PromptLibrary, load_file
from civiclab.prompts.model import LABELS


@dataclass
class Promotion:
    prompt_id: str
    label: str
    version: int
    previous: int | None
    path: Path
    report: object  # TestReport


def check_promotable(lib: PromptLibrary, ref: str, label: str):
    """The version to promote, or an InputError saying why it may not be."""
    if label not in LABELS:
        raise InputError(
            f"표시(label) '{label}'을(를) 알 수 없습니다.",
            "--label production 또는 --label staging 으로 쓰세요.",
        )
    if "@" not in ref:
        raise InputError(
            f"'{ref}'에 판 번호가 없습니다.", f"{ref}@2 처럼 올릴 판을 정확히 적으세요."
        )
    version = lib.get(ref)
    spec = lib.spec(version.prompt_id)
    if version.status == "retired":
        raise InputError(f"{version.ref}은(는) 폐기된 판이라 올릴 수 없습니다.",
                         "쓰는 판을 고르거나 새 판을 만드세요.")
    # Staging is where a draft is tried out; production takes reviewed versions only.
    if label == "production" and version.status != "approved":
        raise InputError(
            f"{version.ref}은(는) 아직 승인되지 않았습니다 (상태: {version.status}).",
            "검토를 마친 뒤 파일에서 그 판의 status 를 approved 로 바꾸고 다시 올리세요.",
        )
    if not spec.cases_for(version):
        raise InputError(
            f"{version.ref}에는 시험 사례(tests)가 없어 올릴 수 없습니다.",
            "tests: 에 이 판에 맞는 사례와 검사를 추가하고 civiclab prompts test 로 확인하세요.",
        )
    return version


def promote(lib: PromptLibrary, ref: str, label: str, settings, *, gateway=None) -> Promotion:
    """Run the version's tests; if every case passes, move ``label`` onto it."""
    from civiclab.prompts.testing import run_tests

    version = check_promotable(lib, ref, label)
    report = run_tests(lib, settings, version.ref, gateway=gateway)
    if not report.passed:
        bad = [f"{r.case}({r.status})" for r in report.runs if r.status != "pass"]
        raise InputError(
            f"{version.ref}의 시험을 모두 통과하지 못해 올리지 않았습니다: {', '.join(bad)}.",
            f"civiclab prompts test {version.ref} 로 실패 이유를 보고 고친 뒤 다시 올리세요.",
        )
    lf = lib.file_of(version.prompt_id)
    previous = getattr(lf.spec.labels, label)
    set_label(lf.path, label, version.version)
    return Promotion(version.prompt_id, label, version.version, previous, lf.path, report)


def set_label(path: Path, label: str, number: int) -> None:
    original = Path(path).read_text(encoding="utf-8")
    updated = _edit_labels(original, label, number)
    _write_checked(Path(path), original, updated, label, number)


def _edit_labels(text: str, label: str, number: int) -> str:
    lines = text.splitlines(keepends=True)
    top = next((i for i, ln in enumerate(lines) if re.match(r"labels\s*:", ln)), None)
    if top is None:
        sep = "" if text.endswith("\n") or not text else "\n"
        return text + f"{sep}labels:\n  {label}: {number}\n"
    head = re.match(r"labels\s*:\s*(.*?)\s*(#.*)?$", lines[top].rstrip("\n"))
    inline = head.group(1) if head else ""
    if inline.startswith("{"):
        # Flow style ({production: 1}): rewrite it as a block, keeping the other label.
        import yaml

        current = yaml.safe_load(inline) or {}
        current[label] = number
        block = "labels:\n" + "".join(f"  {k}: {v}\n" for k, v in current.items() if v is not None)
        lines[top] = block
        return "".join(lines)
    end = top + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    for i in range(top + 1, end):
        m = re.match(rf"(\s+){label}\s*:\s*[^#\n]*?(\s*#.*)?$", lines[i].rstrip("\n"))
        if m:
            lines[i] = f"{m.group(1)}{label}: {number}{m.group(2) or ''}\n"
            return "".join(lines)
    indent = next((re.match(r"\s+", lines[i]).group(0) for i in range(top + 1, end)
                   if lines[i].strip()), "  ")
    lines.insert(top + 1, f"{indent}{label}: {number}\n")
    return "".join(lines)


def _write_checked(path: Path, original: str, updated: str, label: str, number: int) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".yaml")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(updated)
    loaded, problems = load_file(Path(tmp), path.name)
    if loaded is None or getattr(loaded.spec.labels, label) != number:
        os.unlink(tmp)
        raise InputError(
            f"{path.name}의 labels 항목을 자동으로 고치지 못했습니다 (원래 파일은 그대로입니다).",
            f"파일의 labels: 아래에 '{label}: {number}' 를 직접 적으세요.",
            detail="; ".join(p.problem for p in problems),
        )
    os.replace(tmp, path)
