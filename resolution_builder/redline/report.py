"""What the edits did to the protections: each provision kept, changed or removed, and the edits that weaken one.

Paragraphs are tied to provisions through the plan rebuilt from the answers (its recitals, clauses and
policy paragraphs carry their provision's id, in document order). What counts as weakening is data,
``data/protections.yaml``, so that rewording the provisions needs no change here.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..composition.local_text import is_local, own_title
from ..composition.plan import DocumentPlan
from ..library import Library
from .diff import ParagraphPair, align
from .protections import ProtectionRules, load_protections

__all__ = ["Change", "Weakening", "ProvisionReport", "Report", "build_report"]

@dataclass(frozen=True)
class Item:
    """A paragraph of the plan that comes from a provision, and where a reader finds it."""

    provision_id: str
    text: str
    part: str  # recital, clause, policy (a numbered rule), section (a section's text)
    number: str
    column: int | None
    language: str
    also: tuple[str, ...] = ()  # a shared clause: the other provisions whose parts it holds
    parts: tuple[tuple[str, str], ...] = ()  # a shared clause: each lettered part's provision and words

    @property
    def provision_ids(self) -> tuple[str, ...]:
        return (self.provision_id, *self.also)


@dataclass(frozen=True)
class Change:
    op: str  # changed, deleted, inserted, moved (deleted here and inserted, word for word, elsewhere)
    part: str
    number: str
    language: str
    before: str
    after: str
    deleted: tuple[str, ...] = ()
    inserted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Weakening:
    """An edit that weakens a protection, by one of the rules of ``protections.yaml``."""

    provision: str
    title: str
    rule: str  # provision_removed, paragraph_removed, one_language_changed, term_removed, immediate_delayed,
    #            deadline_longer, deadline_removed, deadline_later, weaker_word, negation_removed
    part: str
    number: str
    language: str
    before: str = ""  # the words concerned: the term removed, the old deadline, ...
    after: str = ""


@dataclass
class ProvisionReport:
    id: str
    title: str
    status: str = "kept"
    changes: list[Change] = field(default_factory=list)


@dataclass
class Report:
    document: str
    provisions: list[ProvisionReport]
    warnings: list[Weakening]
    other_changes: list[Change]
    bilingual: bool = False
    changed_paragraphs: int = 0

    def as_dict(self) -> dict:
        """The report for programs (``safe-zone compare --json``); the edition is the caller's to know."""
        data = asdict(self)
        del data["bilingual"]
        return data


def plan_items(plan: DocumentPlan, which: str, second_language: str) -> list[Item]:
    """The plan's provision paragraphs of one document, in order, numbered as a reader counts them."""
    out: list[Item] = []
    plan = plan.as_policy(which)  # the regulation is read like the policy, its rules named as its own
    if plan.bilingual:
        counts = {"recital": 0, "clause": 0}
        for row in plan.resolution_rows if which == "resolution" else plan.policy_rows:
            if row.kind in counts:
                counts[row.kind] += 1
            if row.provision_id is None:
                continue
            part, number = ((row.kind, str(counts[row.kind])) if row.kind in counts
                            else (_part(row.kind, which), row.number))
            out.append(Item(row.provision_id, row.left.text, part, number, 0, plan.language, row.also,
                            row.left.parts))
            out.append(Item(row.provision_id, row.right.text, part, number, 1, second_language, row.also,
                            row.right.parts))
        return out
    if which == "resolution":
        for kind, leads in (("recital", plan.resolution.recitals), ("clause", plan.resolution.clauses)):
            out += [Item(lead.provision_id, lead.text, kind, str(n), None, plan.language, lead.also, lead.parts)
                    for n, lead in enumerate(leads, 1) if lead.provision_id]
        return out
    out += [Item(paragraph.provision_id, paragraph.full_text, _part(paragraph.kind, which), paragraph.number, None,
                 plan.language)
            for section in plan.policy.sections for paragraph in section.paragraphs if paragraph.provision_id]
    return out


def _part(kind: str, which: str) -> str:
    """Where a policy or regulation paragraph is: a numbered rule ("policy 5.3", "regulation 5.3") or a section's
    text ("policy section 5")."""
    return ("policy" if kind == "rule" else "section") if which != "regulation" else (
        "regulation" if kind == "rule" else "regulation_section")


def _assign(pairs: list[ParagraphPair], items: list[Item], bilingual: bool) -> dict[int, Item]:
    """Which plan item each original paragraph is (by index into ``pairs``), aligned in order by text."""
    out: dict[int, Item] = {}
    groups = (0, 1) if bilingual else (None,)
    for group in groups:
        originals = [k for k, p in enumerate(pairs) if p.before is not None and (not bilingual or p.column == group)]
        wanted = [item for item in items if not bilingual or item.column == group]
        for op, i, j in align([pairs[k].before_text for k in originals], [item.text for item in wanted]):
            if op in ("equal", "changed"):
                out[originals[i]] = wanted[j]
    return out


def _change(pair: ParagraphPair, part: str, number: str, language: str) -> Change:
    return Change(pair.op, part, number, language, pair.before_text, pair.after_text,
                  tuple(w.before for w in pair.words if w.op == "delete"),
                  tuple(w.after for w in pair.words if w.op == "insert"))


def _inserted_owner(k: int, pairs: list[ParagraphPair], owners: dict[int, Item]) -> Item | None:
    """An added paragraph belongs to a provision only when it sits between two of that provision's paragraphs."""
    column = pairs[k].column
    before = next((owners[i] for i in range(k - 1, -1, -1) if i in owners and pairs[i].column == column), None)
    after = next((owners[i] for i in range(k + 1, len(pairs)) if i in owners and pairs[i].column == column), None)
    return before if before and after and before.provision_id == after.provision_id else None


def _title(item_id: str, library: Library, language: str) -> str:
    """A provision's title; the district's own paragraphs (``local-clause-2``) are items of their own."""
    if is_local(item_id):
        return own_title(item_id, library.phrases[language])
    return (library.provisions.get(item_id) or library.base).title[language]


def build_report(pairs: list[ParagraphPair], plan: DocumentPlan, which: str, library: Library,
                 second_language: str = "") -> Report:
    items = plan_items(plan, which, second_language)
    owners = _assign(pairs, items, plan.bilingual)
    reports: dict[str, ProvisionReport] = {}
    for item in items:
        for pid in item.provision_ids:
            if pid not in reports:
                reports[pid] = ProvisionReport(pid, _title(pid, library, plan.language))
    seen: dict[str, set[str]] = {pid: set() for pid in reports}
    other: list[Change] = []
    warnings: list[Weakening] = []
    moved = _moves(pairs)
    for k, pair in enumerate(pairs):
        if k in moved.values():
            continue  # the other end of a move, reported with the paragraph it came from
        owner = owners.get(k) if pair.before is not None else _inserted_owner(k, pairs, owners)
        if k in moved:
            pair = ParagraphPair("moved", pair.before, pairs[moved[k]].after, pair.column)
        # a shared clause: the provisions whose lettered parts the edit is in (all of them for the clause's
        # own words, a whole paragraph removed, added or moved), each with the words of its part only
        touched = _touched_parts(pair, owner) if owner is not None else {}
        for pid in touched:
            seen[pid].add(pair.op)
        for pid in set(owner.provision_ids if owner is not None else ()) - set(touched):
            seen[pid].add("equal")
        if pair.op == "equal":
            continue
        if owner is None:
            language = plan.language if pair.column in (None, 0) else second_language
            other.append(_change(pair, "", "", language))
            continue
        change = _change(pair, owner.part, owner.number, owner.language)
        for pid, (before, after) in touched.items():
            reports[pid].changes.append(change)
            part = change if before is None else Change(change.op, change.part, change.number, change.language,
                                                        before, after, change.deleted, change.inserted)
            warnings += weakening(part, pid, reports[pid].title)
    warnings += _one_language_changed(pairs, owners, reports)
    for pid, report in reports.items():
        ops = seen[pid]
        report.status = "kept" if ops <= {"equal"} else "removed" if ops == {"deleted"} else "changed"
        if report.status == "removed":
            first = report.changes[0]
            warnings.insert(0, Weakening(pid, report.title, "provision_removed", first.part, first.number,
                                       first.language))
    return Report(which, list(reports.values()), _removals_first(warnings), other, plan.bilingual,
                  sum(pair.op != "equal" for pair in pairs))


def _spans(text: str, parts: tuple[tuple[str, str], ...]) -> list[tuple[str, int, int]] | None:
    """Where each lettered part of a shared clause is in the paragraph's text; None when one is not found."""
    out, at = [], 0
    for pid, words in parts:
        start = text.find(words, at)
        if start < 0:
            return None
        out.append((pid, start, start + len(words)))
        at = start + len(words)
    return out


def _touched_parts(pair: ParagraphPair, owner: Item) -> dict[str, tuple[str | None, str | None]]:
    """The provisions an edit to this paragraph is in, each with its part's words before and after the edit
    (None: the whole paragraph's). Only a word-by-word edit inside a shared clause's lettered parts narrows it."""
    whole = {pid: (None, None) for pid in owner.provision_ids}
    spans = _spans(pair.before_text, owner.parts) if owner.parts and pair.op == "changed" else None
    if spans is None:
        return whole
    touched: set[str] = set()
    at = 0
    for op in pair.words:
        end = at + len(op.before)
        if op.op != "equal":
            hit = [pid for pid, start, stop in spans
                   if ((start < end and at < stop) if op.op == "delete" else start <= at <= stop)]
            if not hit:  # the clause's own words, or the joins between its parts: the whole clause is edited
                return whole
            touched.update(hit[:1] if op.op == "insert" else hit)
        at = end
    return {pid: _part_words(pair, start, stop) for pid, start, stop in spans if pid in touched}


def _part_words(pair: ParagraphPair, start: int, stop: int) -> tuple[str, str]:
    """A part's words before the edit (``start``:``stop`` of the original) and after it."""
    after, at = [], 0
    for op in pair.words:
        end = at + len(op.before)
        if op.op == "equal":
            after.append(op.after[max(start, at) - at:max(min(stop, end) - at, 0)])
        elif op.op == "insert" and start <= at <= stop:
            after.append(op.after)
        at = end
    return pair.before_text[start:stop], "".join(after)


def _moves(pairs: list[ParagraphPair]) -> dict[int, int]:
    """Deleted paragraphs found word for word among the inserted ones: moved, not removed."""
    inserted: dict[tuple, list[int]] = {}
    for k, pair in enumerate(pairs):
        if pair.op == "inserted" and pair.after_text.strip():
            inserted.setdefault((pair.column, " ".join(pair.after_text.split())), []).append(k)
    out = {}
    for k, pair in enumerate(pairs):
        if pair.op == "deleted":
            found = inserted.get((pair.column, " ".join(pair.before_text.split())))
            if found:
                out[k] = found.pop(0)
    return out


def _one_language_changed(pairs: list[ParagraphPair], owners: dict[int, Item],
                          reports: dict[str, ProvisionReport]) -> list[Weakening]:
    """The bilingual edition: a row edited in one column only no longer says the same in both languages."""
    rows: dict[object, list[int]] = {}
    for k, pair in enumerate(pairs):
        if pair.row is not None:
            rows.setdefault(pair.row, []).append(k)
    out = []
    for ks in rows.values():
        edited = {pairs[k].column for k in ks if pairs[k].op != "equal"}
        owned = [owners[k] for k in ks if k in owners and pairs[k].column in edited]
        if len(edited) == 1 and owned:
            item = owned[0]
            out.append(Weakening(item.provision_id, reports[item.provision_id].title, "one_language_changed",
                               item.part, item.number, item.language))
    return out


def _removals_first(warnings: list[Weakening]) -> list[Weakening]:
    removed = [w for w in warnings if w.rule == "provision_removed"]
    kept = {w.provision for w in removed}
    # A removed provision's own term-by-term warnings add nothing to "removed".
    return removed + [w for w in warnings if w.rule != "provision_removed" and w.provision not in kept]


def _count(term: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE))


def _durations(text: str, rules: ProtectionRules) -> list[tuple[float, str]]:
    units = "|".join(sorted(map(re.escape, rules.duration_units), key=len, reverse=True))
    between = "|".join(map(re.escape, rules.duration_words)) or "(?!)"
    pattern = rf"(\d+(?:[.,]\d+)?)\)?\s+(?:(?:{between})\s+)?({units})(?!\w)"
    out = []
    for match in re.finditer(pattern, text, re.IGNORECASE):
        hours = float(match.group(1).replace(",", ".")) * rules.duration_units[match.group(2).lower()]
        out.append((hours, match.group(0)))
    return out


def _dates(text: str, rules: ProtectionRules) -> list[tuple[tuple[int, int, int], str]]:
    """The dates written in the text, as (year, month, day) with the words that say them."""
    months = {name.casefold(): n for n, name in enumerate(rules.months, 1)}
    if not months or not rules.date:
        return []
    pattern = re.escape(rules.date).replace(r"\{month\}", "(?P<month>" + "|".join(map(re.escape, months)) + ")")
    pattern = pattern.replace(r"\{day\}", r"(?P<day>\d{1,2})").replace(r"\{year\}", r"(?P<year>\d{4})")
    return [((int(m["year"]), months[m["month"].casefold()], int(m["day"])), m.group(0))
            for m in re.finditer(pattern, text, re.IGNORECASE)]


def _without(words: list[str], text: str) -> str:
    """The text with these phrases blanked out (their own "without" is not a negation removed)."""
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", text, flags=re.IGNORECASE)
    return text


def weakening(change: Change, provision_id: str, title: str) -> list[Weakening]:
    """The edits in one paragraph that weaken a protection, by the rules in ``protections.yaml``."""
    rules = load_protections().get(change.language)
    if not rules or change.op == "moved":
        return []
    before, after = change.before, change.after

    def warn(rule: str, old: str = "", new: str = "") -> Weakening:
        return Weakening(provision_id, title, rule, change.part, change.number, change.language, old, new)

    if change.op == "inserted":  # a paragraph added to a provision: an exception or a "may" weakens it
        return [warn("weaker_word", "", word) for word in rules.weaker_words if _count(word, after)]

    out = []
    removed = [t for t in rules.terms if _count(t, before) > _count(t, after)]
    # "judicial warrant" removed also removes "warrant" when no other one is left: name the longest only.
    removed = [t for t in removed if not any(t != o and t.casefold() in o.casefold() for o in removed)]
    if change.op == "deleted":  # one warning for the whole paragraph, naming the key words it took away
        return [warn("paragraph_removed", ", ".join(removed))]
    old, new = _durations(before, rules), _durations(after, rules)
    # "at once" becoming "within 30 days": the duty to act at once now allows the time limit added
    immediate = rules.immediate
    delayed = [word for word in immediate if _count(word, before) > _count(word, after)]
    added = [text for _, text in new[len(old):]]
    for word, allowed in zip(delayed, added):
        out.append(warn("immediate_delayed", word, allowed))
    named = {word.casefold() for word in delayed[:len(added)]}
    out += [warn("term_removed", term) for term in removed if term.casefold() not in named]
    for (old_hours, old_text), (new_hours, new_text) in zip(old, new):
        if new_hours > old_hours:
            out.append(warn("deadline_longer", old_text, new_text))
    if len(new) < len(old):
        out += [warn("deadline_removed", text) for _, text in old[len(new):]]
    for (old_date, old_text), (new_date, new_text) in zip(_dates(before, rules), _dates(after, rules)):
        if new_date > old_date:
            out.append(warn("deadline_later", old_text, new_text))
    out += [warn("weaker_word", "", word) for word in rules.weaker_words if _count(word, after) > _count(word, before)]
    plain_before, plain_after = _without(immediate, before), _without(immediate, after)
    out += [warn("negation_removed", word) for word in rules.negations
            if _count(word, plain_before) > _count(word, plain_after)]
    return out
