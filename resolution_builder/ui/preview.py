"""The preview: both documents as HTML, from the same plan as the Word files.

Every piece of text is escaped, so whatever a person typed shows literally and never as markup.
"""

from __future__ import annotations

from html import escape

from ..composition.plan import DocumentPlan, Lead

__all__ = ["resolution_html", "policy_html"]

_STYLE = (
    "<style>.sz-doc{font-family:Georgia,'Times New Roman',serif;line-height:1.45;color:#111;background:#fff;"
    "border:1px solid #ddd;padding:1.5rem 1.75rem;border-radius:4px}"
    ".sz-doc .draft{color:#8b0000;font-weight:bold;text-align:right;font-size:.8rem}"
    ".sz-doc .label{text-align:center;font-weight:bold;letter-spacing:.05em}"
    ".sz-doc .block{text-align:center;margin:0}.sz-doc h3{text-align:center;font-size:1.1rem;margin:1rem 0}"
    ".sz-doc h4{font-size:1rem;margin:1rem 0 .4rem}.sz-doc p{margin:.45rem 0}"
    ".sz-doc .recital{text-indent:2rem}.sz-doc .rule{padding-left:2.6rem;text-indent:-2.6rem}"
    ".sz-doc .indent{margin-left:2rem}.sz-doc .sign{margin-top:1.6rem;border-top:1px solid #555;width:55%}</style>"
)


def _lead(item: Lead, css: str, number: str = "") -> str:
    return f'<p class="{css}">{escape(number)}<b>{escape(item.lead)}</b>{escape(item.rest)}</p>'


def _top(plan: DocumentPlan, label: str, lines: list[str], title: str) -> list[str]:
    out = [_STYLE, '<div class="sz-doc">']
    if plan.draft_mark:
        out.append(f'<div class="draft">{escape(plan.draft_mark)}</div>')
    out.append(f'<p class="label">{escape(label)}</p>')
    out += [f'<p class="block">{escape(line)}</p>' for line in lines]
    out.append(f"<h3>{escape(title)}</h3>")
    return out


def resolution_html(plan: DocumentPlan) -> str:
    resolution = plan.resolution
    out = _top(plan, resolution.label, [plan.board_name, plan.district_name, resolution.number_line], resolution.title)
    out += [_lead(recital, "recital") for recital in resolution.recitals]
    out += [_lead(clause, "rule", f"{number}.\u2003") for number, clause in enumerate(resolution.clauses, 1)]
    out.append(f"<p>{escape(resolution.adopted)}</p>")
    out += [f'<p class="indent">{escape(label)} ____________</p>' for label in resolution.vote_labels]
    for signature in resolution.signatures:
        if signature.attest:
            out.append(f"<p>{escape(signature.attest)}</p>")
        name = f"{escape(signature.name)}<br>" if signature.name else ""
        out.append(f'<p class="sign">{name}{escape(signature.role)}</p>')
    out.append("</div>")
    return "".join(out)


def policy_html(plan: DocumentPlan) -> str:
    policy = plan.policy
    out = _top(plan, policy.label, [plan.district_name, policy.number_line], policy.title)
    for section in policy.sections:
        out.append(f"<h4>{section.number}.\u2003{escape(section.title)}</h4>")
        rule = 0
        for paragraph in section.paragraphs:
            if paragraph.kind == "rule":
                rule += 1
                out.append(f'<p class="rule">{section.number}.{rule}\u2003{escape(paragraph.text)}</p>')
            elif paragraph.kind == "definition":
                out.append(f'<p class="indent"><b>{escape(paragraph.term)}</b>{escape(paragraph.text)}</p>')
            elif paragraph.kind == "reference":
                out.append(f'<p class="indent">{escape(paragraph.text)}</p>')
            else:
                out.append(f"<p>{escape(paragraph.text)}</p>")
    out.append(f"<p>{escape(policy.adopted)}</p></div>")
    return "".join(out)
