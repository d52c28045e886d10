"""Environment checks behind ``civiclab doctor`` and notebook 00.

Each check returns a :class:`Check` with a Korean fix; nothing here prints.
"""

from __future__ import annotations

import importlib.metadata
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from civiclab.settings import Settings

PACKAGES = [
    "jupyterlab", "notebook", "nbgrader", "openai", "pandas", "ipywidgets", "rouge-score",
    "kiwipiepy", "pyyaml", "pydantic", "jinja2", "typer", "rich", "tqdm", "fonttools",
    "koreanize-matplotlib", "python-docx", "jupyterlab-language-pack-ko-kr",
]


@dataclass
class Check:
    name: str  # Korean
    ok: bool
    detail: str  # Korean
    fix: str = ""  # Korean; empty when ok
    warn: bool = False  # not fatal (e.g. optional feature)

    def to_dict(self) -> dict:
        return asdict(self)


def check_python() -> Check:
    v = sys.version_info
    ok = v >= (3, 11)
    return Check("파이썬", ok, f"{v.major}.{v.minor}.{v.micro}",
                 "" if ok else "파이썬 3.11 이상을 설치하고 make install 을 다시 실행하세요.")


def check_packages() -> Check:
    missing, found = [], []
    for name in PACKAGES:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
    if missing:
        return Check("필요한 꾸러미(패키지)", False, "없음: " + ", ".join(missing),
                     "make install 을 실행하세요.")
    return Check("필요한 꾸러미(패키지)", True, f"{len(found)}개 모두 설치됨")


def check_backend(settings: Settings) -> list[Check]:
    from civiclab.llm.client import make_client

    if settings.backend == "offline":
        try:
            client = make_client(settings)
            ids = [m.id for m in client.models.list().data]
            ok = settings.effective_model in ids
        except Exception as exc:  # broken install; report, don't crash doctor
            return [Check("모델 연결", False, f"연습 모델을 불러오지 못했습니다: {exc}", "make install 을 다시 실행하세요.")]
        return [Check("모델 연결", ok,
                      "규칙 기반 연습 모델(civiclab-practice, 인공지능 아님)을 씁니다. 인터넷 연결이 필요 없습니다.",
                      "" if ok else "make install 을 다시 실행하세요.")]

    checks = []
    has_key = settings.api_key is not None
    checks.append(Check("API 키", has_key, "설정됨(값은 표시하지 않음)" if has_key else "없음",
                        "" if has_key else "OPENAI_API_KEY 환경 변수에 키를 넣으세요. 로컬 서버(vLLM, Ollama)는 아무 값이나 됩니다.",
                        warn=not has_key))
    url = settings.effective_base_url
    try:
        import openai

        client = make_client(settings.model_copy(update={"max_retries": 0, "timeout": 5.0}))
        started = time.perf_counter()
        ids = [m.id for m in client.models.list().data]
        ms = (time.perf_counter() - started) * 1000
        checks.append(Check("모델 서버 연결", True, f"{url} 응답함 ({ms:.0f}ms)"))
        has_model = settings.model in ids
        checks.append(Check("모델 이름", has_model or not ids,
                            f"{settings.model}" + ("" if has_model else f" (서버 목록에 없음: {', '.join(ids[:5])})"),
                            "" if has_model or not ids else "CIVICLAB_MODEL 을 서버 목록에 있는 이름으로 바꾸세요."))
    except openai.AuthenticationError:
        checks.append(Check("모델 서버 연결", False, f"{url} 인증 거절(401)", "OPENAI_API_KEY 값을 확인하세요."))
    except Exception as exc:
        checks.append(Check("모델 서버 연결", False, f"{url} 연결 실패 ({type(exc).__name__})",
                            "주소(OPENAI_BASE_URL)와 네트워크를 확인하세요. 연습만 하려면 CIVICLAB_BACKEND=offline."))
    return checks


def check_kiwi() -> Check:
    # The scorer's own Kiwi: a second analyser would cost another ~330 MB per kernel.
    try:
        import kiwipiepy

        from civiclab.scoring.tokenizer import get_kiwi

        started = time.perf_counter()
        tokens = get_kiwi().tokenize("세종시가 구비서류 제로화를 추진합니다.")
        sec = time.perf_counter() - started
        return Check("한국어 형태소 분석기(Kiwi)", bool(tokens),
                     f"kiwipiepy {kiwipiepy.__version__}, 불러오기 {sec:.1f}초")
    except Exception as exc:
        return Check("한국어 형태소 분석기(Kiwi)", False, f"불러오지 못했습니다: {exc}",
                     "make install 을 다시 실행하세요 (kiwipiepy, kiwipiepy-model).")


def korean_font_path() -> Path | None:
    """NanumGothic as the metrics report embeds it (``metrics.fontinfo.font_path``); the
    report uses no system font, so a system Nanum font would not help it."""
    from civiclab.errors import CivicLabError
    from civiclab.metrics.fontinfo import font_path

    try:
        path = Path(font_path())
    except CivicLabError:
        return None
    return path if path.is_file() else None


def check_fonts() -> Check:
    font = korean_font_path()
    if font is None:
        return Check("그래프 한글 글꼴", False, "한글 글꼴을 찾지 못했습니다 (그래프의 한글이 네모로 보입니다).",
                     "make install 을 다시 실행하세요 (koreanize-matplotlib 이 나눔고딕을 함께 설치합니다).")
    return Check("그래프 한글 글꼴", True, font.name)


def check_course(settings: Settings) -> Check:
    config = settings.root / "grading" / "nbgrader_config.py"
    if not config.is_file():
        return Check("채점 과정(nbgrader) 설정", False, f"{config} 없음",
                     "저장소의 grading/ 폴더에서 실행하거나 CIVICLAB_ROOT 를 저장소 위치로 지정하세요.", warn=True)
    try:
        compile(config.read_text(encoding="utf-8"), str(config), "exec")
    except SyntaxError as exc:
        return Check("채점 과정(nbgrader) 설정", False, f"문법 오류: {exc.msg} ({exc.lineno}행)",
                     "grading/nbgrader_config.py 를 고치세요.")
    return Check("채점 과정(nbgrader) 설정", True, str(config.relative_to(settings.root)))


def check_state(settings: Settings) -> Check:
    path = settings.state_path
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("ok")
        probe.unlink()
        return Check("작업 기록 폴더", True, str(path))
    except OSError as exc:
        return Check("작업 기록 폴더", False, f"{path}에 쓸 수 없습니다 ({exc.strerror})",
                     "CIVICLAB_STATE_DIR 를 쓸 수 있는 폴더로 지정하세요.")


def run_checks(settings: Settings, *, kiwi: bool = True) -> list[Check]:
    # Cheap checks first, so a broken install is reported before slow ones run.
    checks = [check_python(), check_packages(), check_state(settings)]
    checks += check_backend(settings)
    if kiwi:
        checks.append(check_kiwi())
    checks += [check_fonts(), check_course(settings)]
    return checks
