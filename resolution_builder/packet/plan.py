"""The board packet's plan: six documents as ordered blocks of final text, from the answers, the library and the drafts' plan.

Only the packet's own data text is compiled as a template; the answers reach it as data (library.snippets).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..answers.models import Answers
from ..composition.citations import short_form
from ..composition.composer import slugify
from ..composition.local_text import facts_text, local_clauses
from ..composition.content import chosen_provisions, district_named
from ..composition.dates import long_date
from ..composition.plan import DocumentPlan, plain
from ..library.snippets import render
from ..languages import LANGUAGES
from ..library import Library
from .text import load_packet_text

__all__ = ["Block", "PacketDocument", "compose_packet", "PACKET_KINDS"]

PACKET_KINDS = ("board-summary", "talking-points", "faq", "staff-protocol", "family-notice", "cover-letter")
"""The six documents, in the order a packet is read; each names its file in packet.yaml, per language."""


@dataclass(frozen=True)
class Block:
    """One paragraph: ``kind`` names its Word style (title, subtitle, heading, question, text, bullet, step,
    signature, language for the second language's start); the bilingual edition's second language adds "2"."""

    kind: str
    text: str
    lead: str = ""  # words set in bold before the text ("Enrollment: ")


@dataclass(frozen=True)
class PacketDocument:
    kind: str
    filename: str
    title: str
    language: str  # the first (or only) language; the proofing language of the file
    blocks: tuple[Block, ...]
    second_language: str = ""  # the bilingual edition: the language of the blocks whose kind ends in "2"


class _Words:
    """The packet's text in one language, rendered with the answers as data."""

    def __init__(self, answers: Answers, library: Library, lang: str, regulation: bool):
        self.lang = lang
        self.regulation = regulation  # whether the drafts include an administrative regulation (not "combined")
        packet = load_packet_text()
        self.text = packet[lang]
        self.line_rules: dict[str, list[str]] = packet.get("rules", {})
        words = library.phrases[lang]
        chosen = {c.provision.id: c for c in chosen_provisions(answers.model_copy(update={"language": lang}), library)}
        # The policy rules this build's policy holds, by the name packet lines use for them ("provision/key").
        self.rules = {f"{pid}/{item.key}" for pid, c in chosen.items() for item in c.provision.policy
                      if item.key and c.applies(item)}
        self.chosen = [pid for pid in chosen if pid != library.base.id]
        options = {pid: c.context["options"] for pid, c in chosen.items()}
        self.values = {pid: c.values for pid, c in chosen.items()}  # as chosen (a choice's id, a yes or no)
        self.by_category: dict[str, list[str]] = {}
        for pid in self.chosen:
            category = library.categories[library.provisions[pid].category].title[lang]
            self.by_category.setdefault(category, []).append(pid)
        reviewer = options.get("enforcement-review", {}).get("reviewer") or self.text["fallback_reviewer"]
        board = answers.board
        title, name = board.presiding_officer_title or words["presiding_officer_title"], board.presiding_officer_name
        presiding = f"{name}, {title}" if name else ""  # without a name the letter greets the whole Board
        addressed = f"{title} {name.split()[-1]}" if name else ""  # "Dear President Delgado:", by the surname
        adoption = answers.adoption
        profile = library.state_profiles.get(answers.district.state)
        self.profile = profile
        styled = library.words(lang, answers.district.state)
        self.context: dict[str, Any] = {
            "district": answers.district.name,
            "district_named": district_named(answers.district.name, words["district_named"]),
            "policy_kind": styled["policy_kind"],
            "regulation_kind": styled["regulation_kind"] if regulation else "",
            "slug": slugify(answers.district.name),
            "board": board.name,
            "state_name": library.states[answers.district.state][lang],
            "presiding": presiding,
            "addressed": addressed,
            "meeting": words[f"meeting_{adoption.meeting_type}"],
            "date": long_date(adoption.meeting_date, words["locale"]) if adoption.meeting_date else self.text["date_blank"],
            "first_reading": (long_date(adoption.first_reading_date, words["locale"])
                              if adoption.first_reading_date else ""),
            "reviewer": reviewer,
            "training_days": options.get("staff-training", {}).get("training_days", ""),
            "report_days": options.get("board-reporting", {}).get("report_days", ""),
            "liaison": options.get("school-liaison", {}).get("liaison_title") or self.text["fallback_liaison"],
            "languages": options.get("know-your-rights", {}).get("materials_languages", ""),
            "languages_published": options.get("publish-resolution", {}).get("resolution_languages", ""),
            "threshold": options.get("translation-interpretation", {}).get("language_threshold", ""),
            "advisory_group": options.get("advisory-group", {}).get("group_type", ""),
            "advisory_meetings": options.get("advisory-group", {}).get("meeting_frequency", ""),
            "designation": options.get("safe-zone-declaration", {}).get("designation", ""),
            "state_summary": profile.summary[lang] if profile else "",
            "state_warning": " ".join(w for w in (
                profile.warning[lang] if profile and profile.warns(self.chosen) else "",
                profile.option_warning[lang] if profile and profile.option_warning
                and profile.risky_choices(self.values) else "") if w),
        }
        # The District's own voice (answers' local:): its figures as a sentence, its own clauses as the resolution
        # words them (a missing translation shows as the draft shows it).
        figures = facts_text(answers.local.facts, styled) if answers.local.facts.given else ""
        self.figures = plain(figures[:1].upper() + figures[1:] + ".") if figures else ""
        self.own_clauses = [plain(r.text) for r in local_clauses(answers.local, library, styled, lang)]
        self.context["readings"] = self.say(self.text["readings_two" if adoption.first_reading_date else "readings_one"])
        self.context["contractors"] = (self.text["board_summary"]["fiscal_contractors"]
                                       if self.values.get("staff-training", {}).get("include_contractors") else "")
        self.context["cost_training"] = self.say(self.text["board_summary"][
            "cost_training" if "staff-training" in self.chosen else "cost_no_training"])
        self.context["cost_reporting"] = self.say(self.text["board_summary"][
            "cost_reporting" if "board-reporting" in self.chosen else "cost_no_reporting"])

    def say(self, source: str) -> str:
        return plain(render(source, self.context))

    def instruments(self, t: dict[str, Any], key: str) -> str:
        """The line ``key``, said as the drafts are: with the regulation, or in its ``_combined`` twin's words."""
        return self.say(t[key if self.regulation else f"{key}_combined"])

    def keeps(self, path: str) -> bool:
        """Whether the policy holds every rule that the packet line at ``path`` summarises (packet.yaml ``rules``);
        "*/key" is a rule that several provisions state alike (the 8 U.S.C. §§ 1373 and 1644 saving): any of them."""
        return all(rule in self.rules if not rule.startswith("*/") else any(r.endswith(rule[1:]) for r in self.rules)
                   for rule in self.line_rules.get(path, []))

    def kept(self, path: str, lines: list[str]) -> list[str]:
        """The lines of a list whose rules the policy holds."""
        return [line for index, line in enumerate(lines) if self.keeps(f"{path}.{index}")]

    def provision_lines(self, path: str, lines: dict[str, str]) -> list[str]:
        """The lines of a map keyed by provision id, in the chosen provisions' order: a provision's own line, then
        its lines keyed "<id>:<name>" (one of its options' rules), each only where the policy holds its rules."""
        return [self.say(line) for pid in self.chosen for key, line in lines.items()
                if key.split(":")[0] == pid and self.keeps(f"{path}.{key}")]


def _heading_blocks(w: _Words, t: dict[str, Any]) -> list[Block]:
    """Every packet document opens with its title and the subtitle naming the district."""
    return [Block("title", w.say(t["title"])), Block("subtitle", w.say(t["subtitle"]))]


def _fiscal_lines(w: _Words, t: dict[str, Any]) -> list[str]:
    """The work the chosen provisions create, each an estimate with blanks for the District (never our figure)."""
    lines = t["fiscal_lines"]
    said = []
    for pid in ("school-liaison", "translation-interpretation", "advisory-group", "staff-training"):
        if pid in w.chosen:
            said.append(w.say(lines[pid]))
        elif pid == "staff-training":
            said.append(w.context["cost_training"])  # no deadline: the line says so
        if pid == "school-liaison" and w.values.get(pid, {}).get("district_coordinator"):
            said.append(w.say(lines["coordinator"]))
    return [*said, w.context["cost_reporting"], t["cost_other"]]


def _board_summary(w: _Words, authorities: list[str]) -> list[Block]:
    """What the Board is asked to do first, then what changes, then the fiscal impact; the authorities last."""
    t = w.text["board_summary"]
    blocks = [*_heading_blocks(w, t),
              Block("heading", t["ask_heading"]), Block("text", w.instruments(t, "ask")),
              Block("heading", t["does_heading"]), Block("text", w.instruments(t, "does_intro"))]
    # One sentence a provision, naming the policy rules it summarises (shown only where the policy holds them, with
    # their conditions), run together by category.
    for category, pids in w.by_category.items():
        said = w.provision_lines("board_summary.lines", {k: v for k, v in t["lines"].items() if k.split(":")[0] in pids})
        if said:
            blocks.append(Block("bullet", " ".join(said), lead=f"{category}: "))
    if w.own_clauses:  # what the District wrote itself, as the resolution says it
        blocks.append(Block("bullet", w.text["own_clauses_join"].join(w.own_clauses) + ".",
                            lead=t["own_clauses_lead"]))
    staff = w.provision_lines("staff_lines", w.text["staff_lines"])
    if not staff and w.keeps("board_summary.staff_default"):
        staff = [w.say(t["staff_default"])]
    if staff:  # nothing is said of staff that the policy does not hold
        blocks += [Block("heading", t["staff_heading"]), Block("text", " ".join(staff))]
    blocks += [Block("heading", t["cost_heading"]),
               Block("text", " ".join((t["fiscal_intro"], *_fiscal_lines(w, t)))),
               Block("heading", t["not_heading"]), Block("text", " ".join(w.kept("board_summary.not_items", t["not_items"]))),
               Block("heading", t["basis_heading"]),
               Block("text", plain(render(t["basis" if w.regulation else "basis_combined"],
                                          {**w.context, "authorities": "; ".join(authorities)})))]
    return blocks


def _state_facts(w: _Words, t: dict[str, Any]) -> list[str]:
    if w.profile is None:
        return [w.say(t["fact_state_generic"])]
    facts = [w.say(t["fact_state"])]
    if w.context["state_warning"]:
        facts.append(w.say(t["fact_state_warning"]))
    return facts


def _talking_points(w: _Words) -> list[Block]:
    t = w.text["talking_points"]
    blocks = [*_heading_blocks(w, t),
              Block("heading", t["points_heading"])]
    blocks += [Block("bullet", w.say(point)) for point in w.kept("talking_points.points", t["points"])]
    blocks += [Block("heading", t["script_heading"]), Block("text", t["script_note"])]
    blocks += [Block("bullet", opening) for opening in t["openings"]]
    blocks += [Block("text", w.say(line)) for line in w.kept("talking_points.script", t["script"])]
    blocks += [Block("heading", t["facts_heading"])]
    figures = [w.figures] if w.figures else []  # the District's own figures first: the point starts at home
    blocks += [Block("bullet", fact) for fact in
               (*figures, w.say(t["fact_plyler"]), w.say(t["fact_rescission"]),
                *([w.say(t["fact_1373"])] if w.keeps("talking_points.fact_1373") else []), *_state_facts(w, t))]
    return blocks


def _faq(w: _Words) -> list[Block]:
    t = w.text["faq"]
    q = t["questions"]
    blocks = _heading_blocks(w, t)
    for topic in [key[:-2] for key in q if key.endswith("_q")]:  # in the order packet.yaml gives them
        if w.keeps(f"faq.questions.{topic}_a"):
            blocks += [Block("question", q[f"{topic}_q"]), Block("text", w.say(q[f"{topic}_a"]))]
    blocks += [Block("question", w.say(t["state_q"]))]
    if w.profile is None:
        blocks += [Block("text", w.say(t["state_generic"]))]
    else:
        blocks += [Block("text", w.context["state_summary"])]
        if w.context["state_warning"]:
            blocks += [Block("question", w.say(t["state_does_q"])),
                       Block("text", w.context["state_warning"])]
            if w.keeps("faq.state_does"):
                blocks += [Block("text", w.say(t["state_does"]))]
    return blocks


def _staff_protocol(w: _Words) -> list[Block]:
    t = w.text["staff_protocol"]
    blocks = [*_heading_blocks(w, t),
              Block("heading", t["steps_heading"])]
    blocks += [Block("step", w.say(step)) for step in w.kept("staff_protocol.steps", t["steps"])]
    blocks += [Block("heading", t["warrants_heading"])]
    blocks += [Block("bullet", w.say(line)) for line in w.kept("staff_protocol.warrants", t["warrants"])]
    blocks += [Block("heading", t["call_heading"])]
    blocks += [Block("text", w.say(line)) for line in t["call_lines"]]
    blocks += [Block("heading", t["record_heading"]), Block("text", t["record"])]
    return blocks


def _family_notice(w: _Words) -> list[Block]:
    t = w.text["family_notice"]
    lines = [w.say(t["always"])] if w.keeps("family_notice.always") else []
    lines += w.provision_lines("family_notice.family_lines", t["family_lines"])
    blocks = [Block("title", t["title"]), Block("subtitle", w.say(t["subtitle"])), Block("text", w.say(t["intro"])),
              Block("heading", t["lines_heading"])]
    blocks += [Block("bullet", line) for line in lines]
    blocks += [Block("heading", t["contact_heading"]), Block("text", w.say(t["contact"])),
               Block("heading", t["legal_heading"]),
               Block("text", t["legal_partners"] if "legal-aid-partners" in w.chosen else t["legal_generic"])]
    if w.keeps("family_notice.closing"):  # the District publishes the policy only where the policy says so
        blocks.append(Block("text", t["closing"]))
    return blocks


def _cover_letter(w: _Words) -> list[Block]:
    t = w.text["cover_letter"]
    named = bool(w.context["presiding"])
    blocks = [Block("title", t["title"]), Block("text", t["date_line"])]
    blocks.append(Block("text", w.say(t["to_line"] if named else t["to_board"])))
    blocks.append(Block("text", w.say(t["salutation_named"] if named else t["salutation_board"])))
    blocks += [Block("text", w.instruments(t, "request")), Block("text", w.instruments(t, "purpose"))]
    blocks += [Block("text", w.say(line)) for line in t["body"]]
    blocks += [Block("heading", t["enclosures_heading"])]
    drafts = t["enclosure_drafts"] if w.regulation else t["enclosure_drafts"][:2]  # the third is the regulation
    blocks += [Block("bullet", w.say(line)) for line in [*drafts, *t["enclosures"]]]
    blocks += [Block("text", t["closing"])]
    blocks += [Block("signature", t["sponsor"]) for _ in range(int(t["sponsors"]))]
    return blocks


def _blocks(kind: str, w: _Words, authorities: list[str]) -> list[Block]:
    if kind == "board-summary":
        return _board_summary(w, authorities)
    if kind == "talking-points":
        return _talking_points(w)
    if kind == "faq":
        return _faq(w)
    if kind == "staff-protocol":
        return _staff_protocol(w)
    if kind == "family-notice":
        return _family_notice(w)
    return _cover_letter(w)


def compose_packet(answers: Answers, library: Library, plan: DocumentPlan) -> dict[str, PacketDocument]:
    """The six packet documents in the documents' language; the bilingual edition has both, one after the other."""
    languages = [answers.language]
    if answers.output.bilingual:
        languages += [lang for lang in LANGUAGES if lang != answers.language]
    words = [_Words(answers, library, lang, plan.regulation is not None) for lang in languages]
    out = {}
    for kind in PACKET_KINDS:
        blocks: list[Block] = []
        for index, w in enumerate(words):
            authorities = [plain(short_form(library.references[rid], w.lang)) for rid in plan.reference_ids]
            these = _blocks(kind, w, authorities)
            if index:  # the second language starts on a new page, its paragraphs in its own styles
                these = [Block(b.kind + "2", b.text, b.lead) for b in [Block("language", w.text["language_name"]), *these]]
            blocks += these
        title = next(b.text for b in blocks if b.kind == "title")
        filename = words[0].say(words[0].text[kind.replace("-", "_")]["file"])  # in the first language
        out[kind] = PacketDocument(kind, filename, title, answers.language, tuple(blocks),
                                   languages[1] if len(languages) > 1 else "")
    return out
