"""Compare speed: the median time of ``compare_drafts`` on a recommended-set resolution and policy, each
against its original rebuilt from the answers it carries, unedited and with a few edits (a clause deleted,
a number changed, a paragraph added, words removed inside a sentence). The target is at most 1 s.

    python benchmarks/compare_speed.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import re
from io import BytesIO

import docx

from resolution_builder import build_documents, load_answers, load_library
from resolution_builder.redline.compare import compare_drafts
from timing import median_ms  # benchmarks/timing.py, beside this script


def recommended_answers(**output):
    library = load_library()
    data = {"district": {"name": "Cedar Valley Unified School District", "state": "CA"},
            "board": {"name": "Board of Education"}, "adoption": {"meeting_date": "2026-12-10"},
            "provisions": [{"id": pid} for pid in library.recommended()], "output": output}
    return load_answers(data)[0]


def edited(content: bytes) -> bytes:
    """A few edits of the kind counsel makes, wherever the draft's body paragraphs allow them."""
    document = docx.Document(BytesIO(content))
    # the bilingual edition's body is its table (only the certificate follows it)
    paragraphs = ([p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
                  if document.tables else document.paragraphs)
    body = [p for p in paragraphs if len(p.text) > 80]
    body[3]._p.getparent().remove(body[3]._p)
    body[5].insert_paragraph_before("A paragraph added by district counsel.", style=body[5].style)
    for paragraph in body[6:]:
        run = next((r for r in paragraph.runs if re.search(r"\d+", r.text)), None)
        if run is not None:
            run.text = re.sub(r"\d+", lambda m: str(int(m.group()) * 2), run.text, count=1)
            break
    run = max(body[8].runs, key=lambda r: len(r.text))
    words = run.text.split(" ")
    run.text = " ".join(words[: len(words) // 2] + words[len(words) // 2 + 2:])
    out = BytesIO()
    document.save(out)
    return out.getvalue()



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    for edition, output in (("one language", {}), ("bilingual", {"bilingual": True})):
        documents = build_documents(recommended_answers(**output))
        for kind, document in documents.items():
            changed = edited(document.content)
            same = median_ms(lambda: compare_drafts(document.content), rounds)
            edits = median_ms(lambda: compare_drafts(changed), rounds)
            paragraphs = compare_drafts(changed).report.changed_paragraphs
            print(f"{kind:<10} {edition:<12} unedited: {same:6.0f} ms   edited ({paragraphs} paragraphs): "
                  f"{edits:6.0f} ms   (median of {rounds})")


if __name__ == "__main__":
    main()
