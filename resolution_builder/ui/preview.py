"""The preview: both documents as HTML, from the same plan as the Word files.

Every piece of text is escaped, so whatever a person typed shows literally and never as markup.
"""

from __future__ import annotations

import re
from html import escape as _escape

from ..composition.plan import DocumentPlan, Lead

__all__ = ["resolution_html", "policy_html", "document_html"]

_STYLE = (
    "<style>.sz-doc{font-family:Georgia,'Times New Roman',serif;line-height:1.45;color:#111;background:#fff;"
    "border:1px solid #ddd;padding:1.5rem 1.75rem;border-radius:4px}"
    ".sz-doc .draft{color:#8b0000;font-weight:bold;text-align:right;font-size:.8rem}"
    ".sz-doc .label{text-align:center;font-weight:bold;letter-spacing:.05em}"
    ".sz-doc .block{text-align:center;margin:0}.sz-doc h3{text-align:center;font-size:1.1rem;margin:1rem 0}"
    ".sz-doc h4{font-size:1rem;margin:1rem 0 .4rem}.sz-doc p{margin:.45rem 0}"
    ".sz-doc .recital{text-indent:2rem}.sz-doc .rule{padding-left:2.6rem;text-indent:-2.6rem}"
    ".sz-doc .indent{margin-left:2rem}.sz-doc .sign{margin-top:1.6rem;border-top:1px solid #555;width:55%}"
    ".sz-doc table{border-collapse:collapse;width:100%}.sz-doc td{vertical-align:top;width:50%;padding:0 .5rem}"
    ".sz-doc td+td{border-left:1px solid #ccc}"
    ".sz-doc .note{font-family:sans-serif;font-size:.85rem;background:#fff8dc;border-left:4px solid #8a6d00;"
    "padding:.3rem .6rem;margin:.3rem 0 .6rem 2rem;color:#222}</style>"
)


_ITALIC = re.compile("\ue000([^\ue000\ue001]*)\ue001")  # the plan's marks around a case name (Plyler v. Doe)


def escape(text: str) -> str:
    """Text as HTML: every character escaped, and a case name between the plan's italic marks in italics, as in
    the Word files (typed text never holds the marks: they are removed from it, see answers/text.py)."""
    return _ITALIC.sub(r"<i>\1</i>", _escape(text)).replace("\ue000", "").replace("\ue001", "")


def _note(plan: DocumentPlan, provision_id: str | None, shown: set[str]) -> str:
    """The annotated edition's comment, once per provision, beside its first paragraph."""
    lines = plan.annotations.get(provision_id or "")
    if not lines or provision_id in shown:
        return ""
    shown.add(provision_id)
    return '<div class="note">' + "<br>".join(escape(line) for line in lines) + "</div>"


def _annotated_end(plan: DocumentPlan) -> list[str]:
    if not plan.appendix:
        return []
    out = [f"<h4>{escape(plan.appendix_title)}</h4>"]
    out += [f'<p class="indent">{escape(entry.citation)} <i>{escape(entry.used_in)}</i></p>' for entry in plan.appendix]
    return out


def _bilingual(plan: DocumentPlan, rows) -> str:
    """Both languages side by side, as the bilingual Word edition sets them."""
    out = [_STYLE, '<div class="sz-doc">']
    if plan.draft_mark:
        out.append(f'<div class="draft">{escape(plan.draft_mark)}</div>')
    out.append("<table>")
    shown: set[str] = set()
    for row in rows:
        cells = []
        for cell in (row.left, row.right):
            text = f"<b>{escape(cell.lead)}</b>{escape(cell.rest)}"
            cells.append(f"<td><p class=\"{'label' if row.kind in ('label', 'title') else ''}\">{text}</p></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
        note = _note(plan, row.provision_id, shown)
        if note:
            out.append(f'<tr><td colspan="2">{note}</td></tr>')
    out.append("</table>")
    out += _annotated_end(plan)
    out.append("</div>")
    return "".join(out)


def document_html(plan: DocumentPlan, kind: str) -> str:
    """``kind`` is resolution, policy or regulation; the bilingual and annotated editions show as they download."""
    plan = plan.as_policy(kind)
    if plan.bilingual:
        return _bilingual(plan, plan.resolution_rows if kind == "resolution" else plan.policy_rows)
    return resolution_html(plan) if kind == "resolution" else policy_html(plan)


def _lead(item: Lead, css: str, number: str = "") -> str:
    return f'<p class="{css}">{escape(number)}<b>{escape(item.lead)}</b>{escape(item.rest)}</p>'


def _top(plan: DocumentPlan, label: str, lines: list[str], title: str) -> list[str]:
    out = [_STYLE, '<div class="sz-doc">']
    if plan.draft_mark:
        out.append(f'<div class="draft">{escape(plan.draft_mark)}</div>')
    out.append(f'<p class="label">{escape(label)}</p>')
    out += [f'<p class="block">{escape(line)}</p>' for line in lines]
    out.append(f"<h3>{escape(title)}</h3>")
    if plan.title_note:
        out.append(f'<div class="note">{escape(plan.title_note)}</div>')
    return out


def resolution_html(plan: DocumentPlan) -> str:
    resolution = plan.resolution
    lines = [plan.board_name, plan.district_name, plan.place_line, resolution.number_line]
    out = _top(plan, resolution.label, [line for line in lines if line], resolution.title)  # as the .docx prints
    shown: set[str] = set()
    out += [_lead(recital, "recital") + _note(plan, recital.provision_id, shown) for recital in resolution.recitals]
    out += [_lead(clause, "rule", f"{number}.\u2003") + _note(plan, clause.provision_id, shown)
            for number, clause in enumerate(resolution.clauses, 1)]
    out.append(f"<p>{escape(resolution.adopted)}</p>")
    out += [f'<p class="indent">{escape(label)} ____________</p>' for label in resolution.vote_labels]
    for signature in resolution.signatures:
        if signature.attest:
            out.append(f"<p>{escape(signature.attest)}</p>")
        name = f"{escape(signature.name)}<br>" if signature.name else ""
        out.append(f'<p class="sign">{name}{escape(signature.role)}</p>')
    out += _annotated_end(plan)
    out.append("</div>")
    return "".join(out)


def policy_html(plan: DocumentPlan) -> str:
    policy = plan.policy
    lines = [plan.district_name, plan.place_line, policy.number_line]
    out = _top(plan, policy.label, [line for line in lines if line], policy.title)
    shown: set[str] = set()
    for section in policy.sections:
        out.append(f"<h4>{section.number}.\u2003{escape(section.title)}</h4>")
        for paragraph in section.paragraphs:
            if paragraph.kind == "rule":
                out.append(f'<p class="rule">{paragraph.number}\u2003{escape(paragraph.text)}</p>')
            elif paragraph.kind == "definition":
                out.append(f'<p class="indent"><b>{escape(paragraph.term)}</b>{escape(paragraph.text)}</p>')
            elif paragraph.kind == "reference":
                out.append(f'<p class="indent">{escape(paragraph.text)}</p>')
            else:
                out.append(f"<p>{escape(paragraph.text)}</p>")
            out.append(_note(plan, paragraph.provision_id, shown))
    out.append(f"<p>{escape(policy.adopted)}</p>")
    out += _annotated_end(plan)
    out.append("</div>")
    return "".join(out)
