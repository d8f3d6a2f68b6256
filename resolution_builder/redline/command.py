"""``safe-zone compare``: the command-line face of the comparison (registered by ``cli.py``)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


__all__ = ["add_compare_command"]

EXIT_OK, EXIT_INVALID = 0, 2


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (os.path.lexists(b) and os.path.samefile(a, b))
    except OSError:
        return False


def _output(args: argparse.Namespace) -> Path:
    """The redline's path, refused before any work when it is an input, or taken and --force is not given."""
    from .compare import CompareError
    out = Path(args.output)
    for given in filter(None, (args.edited, args.against)):
        if _same_file(Path(given), out):
            raise CompareError(f"{out}: is the draft being compared; write the redline to another file with -o")
    if not args.force and os.path.lexists(out):
        raise CompareError(f"{out}: already exists; choose another name with -o, or add --force to replace it")
    return out


def _run(args: argparse.Namespace) -> int:
    # Imported here: the comparison needs python-docx, which other commands (check) need not load.
    from ..word.reading import DraftRefused, read_draft_file
    from .compare import CompareError, compare_drafts
    from .present import compare_words, report_lines
    words = compare_words("en")
    try:
        out = _output(args)
        if not args.edited.lower().endswith(".docx"):
            raise CompareError(f"{args.edited}: is not a Word document (.docx)")
        against = read_draft_file(args.against) if args.against else None
        comparison = compare_drafts(read_draft_file(args.edited), against, edited_name=args.edited,
                                    against_name=args.against or "the original")
        args.write(out, comparison.redline, args.force)  # the command line's one writer (see add_compare_command)
    except DraftRefused as exc:  # CompareError too: one line naming the file
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    report = comparison.report
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    original = words["original_rebuilt" if comparison.rebuilt else "original_given"]
    print(words["compared"].format(document=words[f"document_{comparison.document}"], original=original))
    written = words["redline_written_one" if report.changed_paragraphs == 1 else "redline_written"]
    print(written.format(path=out, count=report.changed_paragraphs))
    print()
    print("\n".join(report_lines(report, words)))
    return EXIT_OK


def add_compare_command(sub, write) -> None:
    """``write(path, content, force)``: the command line's writer, all or nothing, never through a symlink,
    refusing a taken name without ``force`` (``cli.py`` passes it: the writer is a room beside this one)."""
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
    compare.add_argument("--force", action="store_true", help="replace REDLINE.docx if it already exists "
                         "(never one of the drafts being compared)")
    compare.set_defaults(run=_run, write=write)
