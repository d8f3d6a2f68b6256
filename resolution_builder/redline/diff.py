"""What changed between two drafts: paragraphs and table rows aligned in order, and words within a paragraph.

Paragraphs that differ but still share most of their words are treated as one paragraph edited, so the
redline shows the few words changed rather than a whole paragraph deleted and another inserted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import groupby
from typing import Callable, Sequence

from .document import blocks, cell_paragraphs, cells, is_table, paragraph_text, rows

__all__ = ["ParagraphPair", "RowPair", "TablePair", "WordOp", "Similarity", "align", "word_diff", "compare_bodies",
           "paragraph_pairs", "tokens"]

SIMILAR = 0.5  # share of words two paragraphs must have in common to count as one paragraph edited
# Pairs of differing paragraphs (or rows) weighed against each other in one run, at most: a whole policy
# rewritten (600 x 600) is inside; beyond it, the nth is paired with the nth.
PAIRING_BUDGET = 400_000
EXACT_BUDGET = 1_000  # exact measures of likeness per comparison (about a millisecond each)
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _key(text: str) -> str:
    """What a paragraph is compared by: its words, white space evened out (editors such as LibreOffice
    drop a trailing tab or double a space on save, and no reader would call that an edit)."""
    return " ".join(text.split())


@dataclass(frozen=True)
class WordOp:
    """``equal``, ``delete``, ``insert``: ``before`` is the original's words, ``after`` the edited draft's."""

    op: str
    before: str
    after: str


@dataclass
class ParagraphPair:
    """One paragraph of the comparison: ``equal``, ``changed``, ``deleted`` (original only), ``inserted``."""

    op: str
    before: object | None
    after: object | None
    column: int | None = None  # the table column the paragraph is in (the bilingual edition's language)
    row: object | None = None  # the edited table row it is in, when that row was kept (pairs the columns)
    words: list[WordOp] = field(default_factory=list)

    @property
    def before_text(self) -> str:
        return paragraph_text(self.before) if self.before is not None else ""

    @property
    def after_text(self) -> str:
        return paragraph_text(self.after) if self.after is not None else ""


@dataclass
class RowPair:
    op: str
    before: object | None
    after: object | None
    cells: list[list[ParagraphPair]] = field(default_factory=list)


@dataclass
class TablePair:
    op: str
    before: object | None
    after: object | None
    rows: list[RowPair] = field(default_factory=list)


class Similarity:
    """How alike two paragraphs are (0 to 1, the share of words in common, in order), for one comparison.

    Most pairs are told apart by their lengths or their words' counts, from each text's tokens kept once;
    only pairs that pass both get the exact, costly measure, and at most ``budget`` of them per comparison:
    past it the word counts' estimate stands in, so no file can make the comparison run on for minutes."""

    def __init__(self, budget: int = None):
        self.left = EXACT_BUDGET if budget is None else budget
        self._profiles: dict[str, tuple[list[str], dict[str, int]]] = {}

    def _profile(self, text: str) -> tuple[list[str], dict[str, int]]:
        found = self._profiles.get(text)
        if found is None:
            words = [token for token in tokens(text) if not token.isspace()]  # spaces say nothing, and slow it
            counts: dict[str, int] = {}
            for word in words:
                counts[word] = counts.get(word, 0) + 1
            found = self._profiles[text] = (words, counts)
        return found

    def __call__(self, a: str, b: str) -> float:
        if not a.strip() or not b.strip():
            return 0.0
        (words_a, counts_a), (words_b, counts_b) = self._profile(a), self._profile(b)
        total = len(words_a) + len(words_b)
        if 2 * min(len(words_a), len(words_b)) < SIMILAR * total:
            return 0.0
        if len(counts_a) > len(counts_b):
            counts_a, counts_b = counts_b, counts_a
        quick = 2 * sum(min(n, counts_b.get(word, 0)) for word, n in counts_a.items()) / total
        if quick < SIMILAR:
            return 0.0
        if self.left <= 0:
            return quick
        self.left -= 1
        return SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()


def _pair_in_place(a: Sequence[str], b: Sequence[str], similar: Callable[[str, str], float]):
    """A run too long to search for the best pairs: the nth item with the nth, when they are alike."""
    out = []
    for k in range(min(len(a), len(b))):
        out += [("changed", k, k)] if similar(a[k], b[k]) >= SIMILAR else [("deleted", k, None), ("inserted", None, k)]
    return out + [("deleted", k, None) for k in range(len(b), len(a))] + [("inserted", None, k)
                                                                          for k in range(len(a), len(b))]


def _pair_block(a: Sequence[str], b: Sequence[str], similar: Callable[[str, str], float]):
    """Within a run of differing items, pair the most similar ones in order (the rest are deleted or inserted)."""
    n, m = len(a), len(b)
    if n * m > PAIRING_BUDGET:  # the search is quadratic: two files of thousands of paragraphs each
        return _pair_in_place(a, b, similar)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    sims = [[similar(a[i], b[j]) for j in range(m)] for i in range(n)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if sims[i][j] >= SIMILAR:
                best = max(best, score[i + 1][j + 1] + sims[i][j])
            score[i][j] = best
    out, i, j = [], 0, 0
    while i < n and j < m:
        if sims[i][j] >= SIMILAR and score[i][j] == score[i + 1][j + 1] + sims[i][j]:
            out.append(("changed", i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            out.append(("deleted", i, None))
            i += 1
        else:
            out.append(("inserted", None, j))
            j += 1
    out += [("deleted", k, None) for k in range(i, n)] + [("inserted", None, k) for k in range(j, m)]
    return out


def align(a: Sequence[str], b: Sequence[str], similar: Callable[[str, str], float] | None = None):
    """``(op, i, j)`` in order for two sequences of texts: equal, changed, deleted (i only), inserted (j only)."""
    similar = similar or Similarity()
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [("equal", i1 + k, j1 + k) for k in range(i2 - i1)]
        else:
            out += [(op, None if i is None else i1 + i, None if j is None else j1 + j)
                    for op, i, j in _pair_block(a[i1:i2], b[j1:j2], similar)]
    return out


def word_diff(before: str, after: str) -> list[WordOp]:
    """Word by word; a lone space between two changes joins them, so the redline reads as whole phrases."""
    a, b = tokens(before), tokens(after)
    ops: list[WordOp] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            ops.append(WordOp("equal", old, new))
        else:
            if old:
                ops.append(WordOp("delete", old, ""))
            if new:
                ops.append(WordOp("insert", "", new))
    return _join_across_spaces(ops)


def _join_across_spaces(ops: list[WordOp]) -> list[WordOp]:
    marked: list[WordOp] = []
    for k, op in enumerate(ops):
        lone_space = (op.op == "equal" and not op.before.strip() and 0 < k < len(ops) - 1
                      and ops[k - 1].op != "equal" and ops[k + 1].op != "equal")
        marked += [WordOp("delete", op.before, ""), WordOp("insert", "", op.after)] if lone_space else [op]
    out: list[WordOp] = []
    for is_equal, group in groupby(marked, key=lambda o: o.op == "equal"):
        group = list(group)
        if is_equal:
            out += group
            continue
        deleted, inserted = "".join(o.before for o in group), "".join(o.after for o in group)
        out += [WordOp("delete", deleted, "")] if deleted else []
        out += [WordOp("insert", "", inserted)] if inserted else []
    return out


def _paragraphs(before: list, after: list, similar: Similarity, column: int | None = None) -> list[ParagraphPair]:
    a, b = [paragraph_text(p) for p in before], [paragraph_text(p) for p in after]
    out = []
    for op, i, j in align([_key(x) for x in a], [_key(x) for x in b], similar):
        pair = ParagraphPair(op, None if i is None else before[i], None if j is None else after[j], column)
        if op == "changed":
            pair.words = word_diff(a[i], b[j])
        out.append(pair)
    return out


def _row_text(row) -> str:
    return "\u241e".join(_key(" ".join(paragraph_text(p) for p in cell_paragraphs(c))) for c in cells(row))


def _table(before, after, similar: Similarity) -> TablePair:
    a_rows, b_rows = rows(before), rows(after)

    def row_similarity(a: str, b: str) -> float:
        return max((similar(x, y) for x, y in zip(a.split("\u241e"), b.split("\u241e"))), default=0.0)

    pairs = []
    for op, i, j in align([_row_text(r) for r in a_rows], [_row_text(r) for r in b_rows], row_similarity):
        row = RowPair(op, None if i is None else a_rows[i], None if j is None else b_rows[j])
        if op in ("equal", "changed"):
            a_cells, b_cells = cells(row.before), cells(row.after)
            row.cells = [_paragraphs(cell_paragraphs(x), cell_paragraphs(y), similar, column)
                         for column, (x, y) in enumerate(zip(a_cells, b_cells))]
            for pair in (p for cell in row.cells for p in cell):
                pair.row = row.after
        pairs.append(row)
    return TablePair("changed", before, after, pairs)


def _keys(items: list) -> list[str]:
    """Paragraphs by their text; tables by their place among tables (the nth pairs with the nth)."""
    keys, tables = [], 0
    for item in items:
        if is_table(item):
            keys.append(f"\u241ftable {tables}")
            tables += 1
        else:
            keys.append(_key(paragraph_text(item)))
    return keys


def compare_bodies(before_body, after_body) -> list:
    """The body compared block by block: ParagraphPair for paragraphs, TablePair for tables (row by row)."""
    a, b = blocks(before_body), blocks(after_body)
    keys_a, keys_b = _keys(a), _keys(b)
    similar = Similarity()  # one budget for the whole comparison, tables included

    def block_similarity(x: str, y: str) -> float:
        return 0.0 if x.startswith("\u241ftable") or y.startswith("\u241ftable") else similar(x, y)

    out = []
    for op, i, j in align(keys_a, keys_b, block_similarity):
        x, y = (None if i is None else a[i]), (None if j is None else b[j])
        if (x is not None and is_table(x)) or (y is not None and is_table(y)):
            out.append(_table(x, y, similar) if op == "equal" else TablePair(op, x, y))
        else:
            pair = ParagraphPair(op, x, y)
            if op == "changed":
                pair.words = word_diff(paragraph_text(x), paragraph_text(y))
            out.append(pair)
    return out


def paragraph_pairs(body_pairs: list) -> list[ParagraphPair]:
    """Every paragraph of the comparison in reading order, tables read row by row, cell by cell."""
    out = []
    for item in body_pairs:
        if isinstance(item, ParagraphPair):
            out.append(item)
        elif item.op in ("equal", "changed"):
            for row in item.rows:
                if row.cells:
                    out += [p for cell in row.cells for p in cell]
                else:
                    out += _whole_row_pairs(row)
        else:
            out += [p for row in rows(item.before if item.op == "deleted" else item.after)
                    for p in _whole_row_pairs(RowPair(item.op, row if item.op == "deleted" else None,
                                                      row if item.op == "inserted" else None))]
    return out


def _whole_row_pairs(row: RowPair) -> list[ParagraphPair]:
    element = row.before if row.op == "deleted" else row.after
    return [ParagraphPair(row.op, p if row.op == "deleted" else None, p if row.op == "inserted" else None, column)
            for column, cell in enumerate(cells(element)) for p in cell_paragraphs(cell)]
