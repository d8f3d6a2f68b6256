"""The resolution's recitals and clauses: recitals by theme, one clause of principle per provision or one
lettered part of a shared clause, then the closing clauses every resolution has."""

from __future__ import annotations

from ..library import Library
from ..library.schema import Recital
from .content import Chosen, Rendered
from .plan import Lead, plain
from ..library.snippets import citations_used, render

__all__ = ["recitals", "clauses", "recital_leads", "clause_leads"]

_THEMES = ("mission", "law", "context", "local")
STATE_RECITAL_RANK = 65  # after the federal authorities, before any state guidance (resolution.yaml, rank 70)


def recitals(chosen: list[Chosen], library: Library, lang: str, own: list[Rendered] = ()) -> list[Rendered]:
    """The recitals that fit the chosen provisions and the state, by theme, each authority recited once; ``own``:
    the district's own (local_text.py), already in final words, placed by their theme and rank."""
    base = chosen[0]
    ids = {c.provision.id for c in chosen}
    used = [r for r in library.resolution.recitals
            if base.applies(r) and (not r.provisions or ids & set(r.provisions))]
    profile = library.state_profiles.get(base.state)
    if profile is not None and profile.recital:  # the state's own law, recited where it drives the policy
        used.append(Recital(id="state-law", theme="law", rank=STATE_RECITAL_RANK, text=profile.recital))
    said = [Rendered(r, render(r.text[lang], base.context), None,
                     tuple(dict.fromkeys([*r.references, *sorted(citations_used(r.text[lang]))])), r.rank)
            for r in used]
    return sorted([*said, *own], key=lambda r: (_THEMES.index(r.item.theme), r.rank))


def _lettered(parts: list[str], words: dict[str, str]) -> str:
    if len(parts) == 1:
        return parts[0]
    labelled = [f"{words['part_label'].format(letter=chr(ord('a') + i))} {part}" for i, part in enumerate(parts)]
    return words["part_join"].join(labelled[:-1]) + words["part_join_last"] + labelled[-1]


def clauses(chosen: list[Chosen], library: Library, lang: str, own: list[Rendered] = ()) -> list[Rendered]:
    """Standalone clauses and shared clauses in rank order, then the base's closing clauses; ``own``: the
    district's own (local_text.py), each after the clauses of its rank."""
    words = library.phrases[lang]
    groups = {g.id: g for g in library.resolution.clause_groups}
    standalone: list[Rendered] = []
    parts: dict[str, list[Rendered]] = {}
    for c in chosen:
        for item in c.render(c.provision.clauses, lang):
            group = getattr(item.item, "group", None)
            (parts.setdefault(group, []) if group else standalone).append(item)
    for group_id, items in parts.items():
        group = groups[group_id]
        lead = render(group.lead[lang], chosen[0].context)  # the base's context: "to the extent state ... law permit"
        text = words["group_clause"].format(lead=lead, parts=_lettered([i.text for i in items], words))
        refs = tuple(dict.fromkeys(ref for i in items for ref in i.references))
        # The shared clause belongs to its first provision for the annotations; the others are named in it.
        also = tuple(dict.fromkeys(i.provision_id for i in items[1:]))
        parts = tuple((i.provision_id, plain(i.text)) for i in items)
        standalone.append(Rendered(items[0].item, text, items[0].provision_id, refs, group.rank, also, parts))
    standalone += own
    standalone.sort(key=lambda r: r.rank)  # stable: an own clause comes after the shared clause of its rank
    return standalone + chosen[0].render(library.base.closing_clauses, lang)


def _endings(count: int, words: dict[str, str], kind: str) -> list[str]:
    """How each of ``count`` recitals or clauses ends: "; ", then "; and" before the last, then the last's."""
    ends = [words[f"{kind}_end"]] * max(count - 2, 0) + [words[f"{kind}_end_penultimate"], words[f"{kind}_end_last"]]
    return ends[-count:] if count else []


def recital_leads(items: list[Rendered], words: dict[str, str]) -> list[Lead]:
    return [Lead(words["whereas"], f" {item.text}{end}", item.provision_id, item.references)
            for item, end in zip(items, _endings(len(items), words, "recital"), strict=True)]


def clause_leads(items: list[Rendered], words: dict[str, str]) -> list[Lead]:
    count = len(items)
    leads = ([words["resolved_only"]] if count == 1 else
             [words["resolved_first"]] + [words["resolved_middle"]] * (count - 2) + [words["resolved_last"]])
    return [Lead(lead, f" {words['resolved_link']} {item.text}{end}", item.provision_id, item.references, item.also,
                 item.parts)
            for item, lead, end in zip(items, leads, _endings(count, words, "clause"), strict=True)]
