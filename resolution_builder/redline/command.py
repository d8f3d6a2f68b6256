"""``safe-zone compare``: the command-line face of the comparison (registered by ``cli.py``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


__all__ = ["add_compare_command"]

EXIT_OK, EXIT_INVALID = 0, 2


def _read(path: str) -> bytes:
    from .compare import CompareError
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CompareError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def _run(args: argparse.Namespace) -> int:
    # Imported here: the comparison needs python-docx, which other commands (check) need not load.
    from .compare import CompareError, compare_drafts
    from .present import compare_words, report_lines
    words = compare_words("en")
    try:
        if not args.edited.lower().endswith(".docx"):
            raise CompareError(f"{args.edited}: is not a Word document (.docx)")
        against = _read(args.against) if args.against else None
        comparison = compare_drafts(_read(args.edited), against, edited_name=args.edited,
                                    against_name=args.against or "the original")
    except CompareError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    out = Path(args.output)
    if out.parent != Path(""):
        out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(comparison.redline)
    report = comparison.report
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    original = words["original_rebuilt" if comparison.rebuilt else "original_given"]
    print(words["compared"].format(document=words[f"document_{comparison.document}"], original=original))
    print(words["redline_written"].format(path=out, count=report.changed_paragraphs))
    print()
    print("\n".join(report_lines(report, words)))
    return EXIT_OK


def add_compare_command(sub) -> None:
    compare = sub.add_parser(
        "compare", help="redline an edited draft against its original, and report on the protections",
        description="Write REDLINE.docx, the edited draft with every difference from the original as a tracked "
                    "change, and print which provisions were kept, changed or removed, weakened protections "
                    "first. The original is rebuilt from the answers the draft carries unless --against is given.")
    compare.add_argument("edited", metavar="EDITED.docx", help="the edited draft (made by Safe Zone Builder)")
    compare.add_argument("-o", "--output", required=True, metavar="REDLINE.docx", help="where to write the redline")
    compare.add_argument("--against", metavar="ORIGINAL.docx",
                         help="the original draft (default: rebuilt from the answers the edited draft carries)")
    compare.add_argument("--json", action="store_true", help="print the report as JSON for programs")
    compare.set_defaults(run=_run)
