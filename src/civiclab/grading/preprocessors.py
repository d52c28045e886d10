"""nbgrader preprocessors that fix what breaks a cohort's grading.

- ``HideHiddenTests`` (feedback): nbgrader restores hidden tests into the
  autograded notebook so they run, and its feedback then shows them (nbgrader
  #917, #1363).  Remove every hidden region before the HTML is made, and keep
  only the Korean assertion message of a failed test: the traceback would
  quote the hidden line that failed.
- ``DropEmptyNbgraderMetadata`` (autograde): ``DeduplicateIds`` turns a
  learner's duplicated graded cell into ``nbgrader: {}``, on which
  ``OverwriteCells.add_missing_cells`` then fails with ``KeyError: 'grade_id'``
  and the whole submission is lost.  Dropping the empty metadata makes the
  copy an ordinary cell, as ``DeduplicateIds`` intends.
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

BEGIN, END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
HIDDEN_NOTE = "# (숨은 검사가 더 있습니다. 내용은 공개하지 않습니다.)"


class HideHiddenTests(NbGraderPreprocessor):
    """Strip hidden test regions and hidden-code tracebacks from graded test cells."""

    def preprocess_cell(self, cell, resources, index):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            return cell, resources
        lines, kept, hidden = cell.source.split("\n"), [], False
        removed = False
        for line in lines:
            if BEGIN in line:
                hidden, removed = True, True
            elif END in line:
                hidden = False
            elif not hidden:
                kept.append(line)
        if removed:
            kept.append(HIDDEN_NOTE)
        cell.source = "\n".join(kept)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                # Only the message: the traceback would quote the hidden test line.
                out["traceback"] = [f"{out.get('ename', '오류')}: {out.get('evalue', '')}"]
        return cell, resources


class DropEmptyNbgraderMetadata(NbGraderPreprocessor):
    def preprocess_cell(self, cell, resources, index):
        meta = cell.get("metadata", {})
        if "nbgrader" in meta and not meta["nbgrader"]:
            del meta["nbgrader"]
        return cell, resources
