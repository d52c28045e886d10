"""Lint rules for the prompt library.

Each rule is a small function ``(ctx, loaded) -> Iterable[Issue]`` listed in
``RULES``; loading problems (YAML, shape, duplicate id) come first from
:class:`PromptLibrary` itself.  Errors fail ``civiclab prompts lint``;
warnings are shown but do not fail it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateSyntaxError

from civiclab.prompts.assertions import ASSERTIONS
from civiclab.prompts.library import Issue, LoadedFile, PromptLibrary
from civiclab.prompts.lock import content_hash, read_lock
from civiclab.prompts.model import has_hangul
from civiclab.prompts.render import template_variables, unsafe_attributes
from civiclab.prompts.yamlio import line_for

# Variables a test case may leave out because the runner fills them from the case's fact sheet.
FILLED_FROM_SHEET = {"fact_sheet"}


@dataclass
class LintContext:
    lib: PromptLibrary
    project_root: Path
    lock: dict[str, str]
    categories: set[str] | None  # None: categories file not found
    allowed_phone_numbers: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


def _issue(lf: LoadedFile, code: str, path: tuple, problem: str, fix: str,
           severity: str = "error", prompt: str = "") -> Issue:
    return Issue(code, lf.rel or str(lf.path), line_for(lf.lines, path), problem, fix, severity, prompt or lf.spec.id)


def rule_file_name(ctx: LintContext, lf: LoadedFile) -> Iterable[Issue]:
    spec = lf.spec
    if Path(lf.path).stem != spec.id:
        yield _issue(lf, "FILE_NAME", ("id",), f"파일 이름이 id '{spec.id}'와 다릅니다.",
                     f"파일 이름을 {spec.id}.yaml 로 바꾸세요.", "warning")
    if Path(lf.path).parent.name != spec.area:
        yield _issue(lf, "FILE_AREA", ("id",), f"파일이 '{spec.area}' 폴더에 있지 않습니다.",
                     f"prompts/{spec.area}/ 폴더로 옮기세요.", "warning")


def rule_korean(ctx: LintContext, lf: LoadedFile) -> Iterable[Issue]:
    spec = lf.spec
    fix = "학습자가 보는 글은 한국어(한글)로 적으세요. 외국어는 괄호 안에만 쓰세요."
    if not has_hangul(spec.title):
        yield _issue(lf, "NOT_KOREAN", ("title",), f"제목(title) '{spec.title}'에 한글이 없습니다.", fix)
    for i, v in enumerate(spec.versions):
        if not has_hangul(v.changelog):
            yield _issue(lf, "NOT_KOREAN", ("versions", i, "changelog"),
                         f"{v.ref}의 바뀐 점(changelog)에 한글이 없습니다.", fix)
        for j, var in enumerate(v.variables):
            if not has_hangul(var.description):
                yield _issue(lf, "NOT_KOREAN", ("versions", i, "variables", j, "description"),
                             f"{v.ref}의 변수 '{var.name}' 설명에 한글이 없습니다.", fix)
    for k, case in enumerate(spec.tests):
        if not has_hangul(case.name):
            yield _issue(lf, "NOT_KOREAN", ("tests", k, "name"),
                         f"시험 사례 이름 '{case.name}'에 한글이 없습니다.", fix)


def rule_labels(ctx: LintContext, lf: LoadedFile) -> Iterable[Issue]:
    spec = lf.spec
    for label in ("production", "staging"):
        number = getattr(spec.labels, label)
        if number is None:
            continue
        version = spec.version(number)
        path = ("labels", label)
        if version is None:
            yield _issue(lf, "LABEL_UNKNOWN", path, f"'{label}' 표시가 없는 판 {number}을(를) 가리킵니다.",
                         "있는 판 번호로 고치세요.")
        elif label == "production" and version.status != "approved":
            yield _issue(lf, "LABEL_NOT_APPROVED", path,
                         f"운영(production) 표시가 승인되지 않은 판 {number}({version.status})에 붙어 있습니다.",
                         "승인된 판으로 옮기거나 그 판을 검토해 status: approved 로 바꾸세요.")
        elif version.status == "retired":
            yield _issue(lf, "LABEL_RETIRED", path, f"'{label}' 표시가 폐기된 판 {number}에 붙어 있습니다.",
                         "쓰는 판으로 옮기세요.")


def rule_templates(ctx: LintContext, lf: LoadedFile) -> Iterable[Issue]:
    for i, v in enumerate(lf.spec.versions):
        declared = {var.name for var in v.variables}
        used: set[str] = set()
        for j, m in enumerate(v.messages):
            path = ("versions", i, "messages", j, "content")
            try:
                names = template_variables(m.content)
                unsafe = unsafe_attributes(m.content)
            except TemplateSyntaxError as exc:
                yield _issue(lf, "TEMPLATE_SYNTAX", path,
                             f"{v.ref} 템플릿 문법 오류입니다 ({exc.message}).",
                             "{{ 변수 }} 와 {% if %}…{% endif %} 의 짝을 확인하세요.")
                continue
            if unsafe:
                yield _issue(lf, "TEMPLATE_UNSAFE", path,
                             f"{v.ref} 템플릿이 숨은 속성({', '.join(sorted(set(unsafe)))})에 접근합니다.",
                             "밑줄(_)로 시작하는 속성은 쓸 수 없습니다. {{ 변수이름 }} 만 쓰세요.")
            used |= names
            for name in sorted(names - declared):
                yield _issue(lf, "VAR_UNDECLARED", path,
                             f"{v.ref} 템플릿이 선언되지 않은 변수 '{name}'을(를) 씁니다.",
                             f"variables 에 '- name: {name}' 과 한국어 description 을 추가하거나 "
                             "템플릿의 철자를 고치세요.")
        for j, var in enumerate(v.variables):
            if var.name not in used:
                yield _issue(lf, "VAR_UNUSED", ("versions", i, "variables", j, "name"),
                             f"{v.ref}의 변수 '{var.name}'은(는) 템플릿 어디에도 쓰이지 않습니다.",
                             f"템플릿에 {{{{ {var.name} }}}} 를 넣거나 변수 선언을 지우세요.")


def rule_pii(ctx: LintContext, lf: LoadedFile) -> Iterable[Issue]:
    try:
        from civiclab.pii import PII_LABELS_KO, find_pii
    except ImportError:
        ctx.notes.append("개인정보 검사기(civiclab.pii)가 없어 템플릿 개인정보 검사를 건너뛰었습니다.")
        return
    for i, v in enumerate(lf.spec.versions):
        texts = [(("versions", i, "messages", j, "content"), m.content) for j, m in enumerate(v.messages)]
        for j, ex in enumerate(v.examples):
            texts += [(("versions", i, "examples", j, "user"), ex.user),
                      (("versions", i, "examples", j, "assistant"), ex.assistant)]
        for j, var in enumerate(v.variables):
            if var.example:
                texts.append((("versions", i, "variables", j, "example"), var.example))
        for path, text in texts:
            matches = find_pii(text, allowed_phone_numbers=ctx.allowed_phone_numbers)
            if matches:
                kinds = ", ".join(sorted({PII_LABELS_KO.get(m.kind, m.kind) for m in matches}))
                yield _issue(lf, "TEMPLATE_PII", path,
                             f"{v.ref} 템플릿에 개인정보로 보이는 내용({kinds})이 있습니다.",
                             "실제 개인정보를 지우고 {{ 변수 }} 나 '홍길동', '044-300-0000' 같은 "
                             "가상의 값으로 바꾸세요.")


def rule_tests(ctx: LintContext, lf: LoadedFile) -> Iterable[Issue]:
    spec = lf.spec
    numbers = {v.version for v in spec.versions}
    for i, v in enumerate(spec.versions):
        if v.status == "approved" and not spec.cases_for(v):
            yield _issue(lf, "APPROVED_NO_TESTS", ("versions", i, "status"),
                         f"{v.ref}은(는) 승인되었는데 시험 사례(tests)가 없습니다.",
                         "tests: 에 이 판에 맞는 사례와 검사(assertions)를 추가하세요.")
    for k, case in enumerate(spec.tests):
        for n in case.versions:
            if n not in numbers:
                yield _issue(lf, "TEST_UNKNOWN_VERSION", ("tests", k, "versions"),
                             f"시험 사례 '{case.name}'이(가) 없는 판 {n}을(를) 가리킵니다.",
                             "있는 판 번호로 고치세요.")
        needs_sheet = any(ASSERTIONS[a.type].needs_sheet for a in case.assertions)
        if needs_sheet and case.fact_sheet is None:
            yield _issue(lf, "TEST_NEEDS_SHEET", ("tests", k),
                         f"시험 사례 '{case.name}'의 사실 검사에 비교할 사실 자료가 없습니다.",
                         "사례에 fact_sheet: (파일 경로 또는 내용)를 적으세요.")
        if isinstance(case.fact_sheet, str) and not (ctx.project_root / case.fact_sheet).is_file():
            yield _issue(lf, "TEST_SHEET_MISSING", ("tests", k, "fact_sheet"),
                         f"시험 사례 '{case.name}'의 사실 자료 파일 {case.fact_sheet}이(가) 없습니다.",
                         "프로젝트 폴더 기준 경로(예: datasets/fact_sheets/…)를 확인하세요.")
        given = set(case.vars)
        for v in spec.versions:
            if not case.applies_to(v):
                continue
            declared = {var.name for var in v.variables}
            fillable = FILLED_FROM_SHEET if case.fact_sheet is not None else set()
            for name in sorted(given - declared):
                yield _issue(lf, "TEST_UNKNOWN_VAR", ("tests", k, "vars", name),
                             f"시험 사례 '{case.name}'의 변수 '{name}'은(는) {v.ref}에 없습니다.",
                             "변수 이름을 고치거나 versions: 로 사례가 적용될 판을 정하세요.")
            for var in v.variables:
                if var.required and var.name not in given and var.name not in fillable:
                    yield _issue(lf, "TEST_MISSING_VAR", ("tests", k, "vars"),
                                 f"시험 사례 '{case.name}'에 {v.ref}의 필수 변수 '{var.name}' 값이 없습니다.",
                                 f"vars: 에 {var.name}: 값 을 추가하세요.")


def rule_lock(ctx: LintContext, lf: LoadedFile) -> Iterable[Issue]:
    for i, v in enumerate(lf.spec.versions):
        locked = ctx.lock.get(v.ref)
        if locked is None:
            yield _issue(lf, "LOCK_MISSING", ("versions", i, "version"),
                         f"{v.ref}이(가) 잠금 파일(library.lock)에 없습니다.",
                         "civiclab prompts lock 으로 잠금 파일을 갱신하세요.", "warning")
        elif locked != content_hash(v):
            if v.status == "draft":
                yield _issue(lf, "LOCK_CHANGED", ("versions", i, "version"),
                             f"초안 {v.ref}의 내용이 잠금 파일과 다릅니다.",
                             "수정이 끝났으면 civiclab prompts lock 으로 잠금 파일을 갱신하세요.", "warning")
            else:
                yield _issue(lf, "LOCK_CHANGED", ("versions", i, "version"),
                             f"{v.ref}({v.status})의 템플릿이나 설정이 바뀌었는데 판 번호를 올리지 않았습니다.",
                             f"내용을 되돌리고, 바꾼 내용은 새 판(version: {lf.spec.latest.version + 1}, "
                             "status: draft)으로 추가하세요.")


def rule_links(ctx: LintContext, lf: LoadedFile) -> Iterable[Issue]:
    spec = lf.spec
    if ctx.categories is None:
        return
    for k, code in enumerate(spec.links.categories):
        if code not in ctx.categories:
            yield _issue(lf, "LINK_CATEGORY", ("links", "categories", k),
                         f"민원 분류 코드 '{code}'이(가) datasets/categories.yaml 에 없습니다.",
                         "있는 코드(예: " + ", ".join(sorted(ctx.categories)[:5]) + " …)를 쓰세요.")
    if spec.task == "chatbot_answer" and not spec.links.categories:
        yield _issue(lf, "LINK_MISSING", ("links",),
                     "챗봇 프롬프트에 연결된 민원 분류(links.categories)가 없습니다.",
                     "이 프롬프트가 답하는 분류 코드를 links.categories 에 적으세요.", "warning")


# Order: file placement and language first (cheap, most common in class), then the
# templates, then tests and the lock file, which assume the templates parse.
RULES: list[Callable[[LintContext, LoadedFile], Iterable[Issue]]] = [
    rule_file_name,
    rule_korean,
    rule_labels,
    rule_templates,
    rule_pii,
    rule_tests,
    rule_lock,
    rule_links,
]


def lint_library(lib: PromptLibrary, settings=None, *, project_root: Path | None = None) -> tuple[list[Issue], list[str]]:
    """All issues (load problems first) and notes about checks that were skipped."""
    root = Path(project_root or (settings.root if settings is not None else lib.root.parent))
    datasets = Path(settings.datasets_path) if settings is not None else root / "datasets"
    ctx = LintContext(
        lib=lib,
        project_root=root,
        lock=read_lock(lib.root),
        categories=load_category_codes(datasets / "categories.yaml"),
        allowed_phone_numbers=_allowed_numbers(settings),
    )
    if ctx.categories is None:
        ctx.notes.append("datasets/categories.yaml 이 없어 민원 분류 코드 검사를 건너뛰었습니다.")
    issues = list(lib.issues)
    locked_ids = {ref.partition("@")[0] for ref in ctx.lock}
    for prompt_id in lib.ids():
        lf = lib.file_of(prompt_id)
        for rule in RULES:
            issues.extend(rule(ctx, lf))
    for ref in sorted(ctx.lock):
        prompt_id, _, number = ref.partition("@")
        if prompt_id in lib and number.isdigit() and lib.spec(prompt_id).version(int(number)) is None:
            lf = lib.file_of(prompt_id)
            issues.append(_issue(lf, "LOCK_REMOVED", ("versions",),
                                 f"잠금 파일에 있는 판 {ref}이(가) 파일에서 사라졌습니다.",
                                 "판은 지우지 말고 status: retired 로 남겨 두세요 (사용 기록이 그 판을 가리킵니다)."))
    known = set(lib.ids()) | {i.prompt for i in lib.issues}
    for prompt_id in sorted(locked_ids - known):
        issues.append(Issue("LOCK_REMOVED", "prompts/library.lock", None,
                            f"잠금 파일에 있는 프롬프트 '{prompt_id}'의 파일이 사라졌습니다.",
                            "프롬프트 파일은 지우지 말고 판의 status 를 retired 로 바꾸세요.",
                            "warning", prompt_id))
    return issues, list(dict.fromkeys(ctx.notes))


def _allowed_numbers(settings) -> tuple[str, ...]:
    """Public office numbers from the settings, or the settings' defaults without any."""
    if settings is not None:
        return tuple(settings.allowed_phone_numbers)
    from civiclab.settings import Settings

    return tuple(Settings.model_fields["allowed_phone_numbers"].default_factory())


def load_category_codes(path: Path) -> set[str] | None:
    if not path.is_file():
        return None
    from civiclab.yamlsafe import YamlProblem, safe_load

    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
        return {str(c["code"]) for c in data.get("categories", [])}
    except (OSError, YamlProblem, KeyError, TypeError, AttributeError):
        return None
