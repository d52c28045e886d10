"""What the PII guard finds in a text, as a Korean table (notebook 01)."""

from __future__ import annotations

import html


class PiiTable:
    def __init__(self, text: str, settings=None) -> None:
        from civiclab.pii import find_pii

        allowed = tuple(getattr(settings, "allowed_phone_numbers", ()) or ())
        self.text = text
        self.matches = find_pii(text, allowed_phone_numbers=allowed)

    def _repr_html_(self) -> str:
        if not self.matches:
            return ("<p lang='ko' style='color:#1b5e20'><b>검사기가 찾은 개인정보가 없습니다.</b> "
                    "그래도 이름, 주소처럼 모양이 정해지지 않은 정보는 직접 확인하세요.</p>")
        rows = "".join(
            f"<tr><td>{html.escape(m.label_ko)}</td><td>{m.start + 1}~{m.end}번째 글자</td>"
            f"<td><code>{html.escape(_mask(m.text))}</code></td></tr>" for m in self.matches)
        return (f"<p lang='ko'><b>개인정보 {len(self.matches)}건을 찾았습니다.</b> 이대로는 보내지 않습니다.</p>"
                "<table class='civiclab-pii'><thead><tr><th>종류</th><th>위치</th><th>내용(가림)</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")


def _mask(text: str) -> str:
    """Show only the first few characters: the table itself must not repeat the data."""
    keep = max(2, len(text) // 3)
    return text[:keep] + "*" * (len(text) - keep)
