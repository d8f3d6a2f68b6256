"""Text shown exactly as written: never Markdown, never HTML, never a link. The one way the app shows text
that came from an upload (a draft, an answers file, a spreadsheet), a file's name, or a message quoting either.

Streamlit reads the text of ``st.markdown``, ``st.error``, ``st.success`` and the like as Markdown: ``![x](http://…)``
makes the browser fetch an image from anywhere, and a bare ``http://…`` becomes a live link even when every
Markdown character is escaped (GitHub-flavoured Markdown finds web addresses after the escapes are resolved).
Here the text is HTML-escaped and handed to ``st.html``, which is never read as Markdown: what a person sees is
character for character what the file holds, spaces and line breaks included.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import streamlit as st

__all__ = ["literal", "literal_html", "KINDS"]

# Each kind's colours: dark text on a light tint, 7:1 or better, like Streamlit's own alerts but darker.
KINDS = {
    "text": ("", "", ""),
    "error": ("alert", "#7a1c1c", "#fdecec"),
    "warning": ("status", "#5c4300", "#fff6d6"),
    "success": ("status", "#14532d", "#e7f6ec"),
    "info": ("status", "#0b3a66", "#e7f0fb"),
}
_STYLE = ("<style>.sz-literal{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;line-height:1.5}"
          ".sz-literal.sz-box{padding:.75rem 1rem;border-radius:.5rem;border-left:.3rem solid currentColor}"
          ".sz-literal ul{margin:.4rem 0 0;padding-left:1.25rem}.sz-literal li{margin:0}</style>")


def literal_html(text: str = "", lines: Sequence[str] = (), kind: str = "text") -> str:
    """The HTML of ``literal``: every character of ``text`` and ``lines`` escaped, so none is markup."""
    role, color, background = KINDS[kind]
    style = f' style="color:{color};background:{background}"' if color else ""
    classes = f"sz-literal sz-{kind}" + (" sz-box" if color else "")
    body = f"<div>{escape(str(text))}</div>" if text else ""
    if lines:
        body += "<ul>" + "".join(f"<li>{escape(str(line))}</li>" for line in lines) + "</ul>"
    aria = f' role="{role}"' if role else ""
    return f'{_STYLE}<div class="{classes}"{aria}{style}>{body}</div>'


def literal(text: str = "", lines: Sequence[str] = (), kind: str = "text") -> None:
    """Show ``text`` (and ``lines`` as a list below it) literally; ``kind`` is text, error, warning, success or
    info (a tinted box, announced to screen readers as an alert or a status)."""
    st.html(literal_html(text, lines, kind))
