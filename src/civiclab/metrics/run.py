"""One call for the CLI, the demo and notebooks: resolve default inputs, build, write.

Defaults (each used only when it exists; otherwise that section says "자료 없음"):
complaints = ``<datasets>/complaints/complaints_sample.parquet``; ledger = the gateway's
ledger (``civiclab.llm.ledger.read_ledger``, else ``<state>/ledger.sqlite``); history =
``<state>/history``; categories = ``<datasets>/categories.yaml``.  Grades and prompt-test
results have no default location and must be given; the per-criterion grades default to
the ``<grades>_by_criterion.csv`` that ``civiclab course export`` writes beside them.
"""

from __future__ import annotations

from pathlib import Path

SAMPLE = Path("complaints") / "complaints_sample.parquet"


def default_inputs(settings) -> dict:
    state = settings.state_path
    out: dict = {"complaints": None, "ledger": None, "history": None}
    if (settings.datasets_path / SAMPLE).exists():
        out["complaints"] = settings.datasets_path / SAMPLE
    if (state / "ledger.sqlite").exists():
        out["ledger"] = _gateway_ledger(settings)
        if out["ledger"] is None:
            out["ledger"] = state / "ledger.sqlite"
    if (state / "history").is_dir() and any((state / "history").glob("*.jsonl")):
        out["history"] = state / "history"  # an empty folder is "no data", not an error
    return out


def _gateway_ledger(settings):
    """The gateway's own reader when installed (it knows its schema best)."""
    try:
        from civiclab.llm.ledger import read_ledger
    except ImportError:
        return None
    return read_ledger(settings)


def library_labels(settings) -> dict[str, str]:
    """``{"chatbot.cert@1": "production", ...}`` from the prompt library, if it loads."""
    try:
        from civiclab.prompts import PromptLibrary

        lib = PromptLibrary.load(settings.prompts_path)
        return {f"{spec.id}@{v.version}": ",".join(spec.label_of(v.version))
                for spec in lib.specs() for v in spec.versions if spec.label_of(v.version)}
    except Exception:  # noqa: BLE001 - labels are a nicety; the report must not fail over them
        return {}


def criteria_beside(grades) -> Path | None:
    """``grades_by_criterion.csv`` next to a grades CSV, if the export wrote one."""
    if grades is None:
        return None
    from civiclab.grading.export import criteria_csv_path

    path = criteria_csv_path(grades)
    return path if path.is_file() else None


def make_report(settings, out_dir: Path, *, categories_path: Path | None = None, **given):
    """Build the report and write ``out_dir/index.html`` + tables; returns (index path, Report).

    ``given`` may hold complaints, grades, grade_criteria, ledger, history, prompts, launch, seed; a value
    of ``None`` falls back to the defaults above.
    """
    from civiclab.datagen.complaints import load_categories
    from civiclab.metrics.html import write_report
    from civiclab.metrics.report import build_report

    cat_path = categories_path or settings.datasets_path / "categories.yaml"
    cats = load_categories(cat_path) if (categories_path or cat_path.exists()) else None
    inputs = default_inputs(settings)
    for key, value in given.items():
        if value is not None or key not in inputs:
            inputs[key] = value
    if inputs.get("grade_criteria") is None:
        inputs["grade_criteria"] = criteria_beside(inputs.get("grades"))
    if inputs.get("prompts") is not None and "prompt_labels" not in inputs:
        inputs["prompt_labels"] = library_labels(settings)
    report = build_report(settings=settings, categories=cats, **inputs)
    return write_report(report, out_dir), report
