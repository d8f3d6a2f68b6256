"""The document plan: every paragraph of both documents, in order, in final words; no .docx in it.

The Word renderer and the preview both read this, so what a person previews is what they download.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

__all__ = ["ITALIC_START", "ITALIC_END", "plain", "Lead", "PolicyParagraph", "PolicySection", "Signature",
           "Certificate", "Resolution", "Policy", "AppendixEntry", "Cell",
           "Row", "DocumentPlan"]


ITALIC_START, ITALIC_END = "\ue000", "\ue001"
"""Marks around words set in italics (case names); typed text can never hold them (typed_text removes them)."""


def plain(text: str) -> str:
    """The text as a reader sees it, without the italic marks."""
    return text.replace(ITALIC_START, "").replace(ITALIC_END, "")


@dataclass(frozen=True)
class Lead:
    """A paragraph that opens with connective words set apart: ``WHEREAS,`` + `` the District ...; and``."""

    lead: str
    rest: str
    provision_id: str | None = None
    references: tuple[str, ...] = ()  # ids of the references this paragraph rests on
    also: tuple[str, ...] = ()  # a shared clause: the other provisions whose parts it holds
    parts: tuple[tuple[str, str], ...] = ()  # a shared clause: each lettered part's provision and words

    @property
    def text(self) -> str:
        return plain(self.lead + self.rest)


@dataclass(frozen=True)
class PolicyParagraph:
    kind: Literal["text", "rule", "definition", "reference"]
    text: str
    term: str = ""  # definitions: the quoted term, set apart from the text that follows it
    provision_id: str | None = None
    key: str = ""  # definitions: the term's id; references: the citation (pairs the bilingual columns)
    references: tuple[str, ...] = ()  # ids of the references this paragraph rests on
    number: str = ""  # where a reader finds it: "5.3" for the third rule of section 5, "5" for other paragraphs

    @property
    def full_text(self) -> str:
        return plain(self.term + self.text)


@dataclass(frozen=True)
class PolicySection:
    id: str
    number: int
    title: str
    paragraphs: tuple[PolicyParagraph, ...]


@dataclass(frozen=True)
class Signature:
    role: str
    name: str = ""
    attest: str = ""  # "ATTEST:" above the secretary's line, "APPROVED AS TO FORM:" above counsel's


@dataclass(frozen=True)
class Certificate:
    """The secretary's certificate after the signatures: a copy of the resolution, certified for the record."""

    title: str
    text: str
    signature: Signature
    translation: str = ""  # the bilingual edition: the same certificate in the second language, after the first


@dataclass(frozen=True)
class Resolution:
    label: str
    number_line: str
    title: str
    recitals: tuple[Lead, ...]
    clauses: tuple[Lead, ...]
    adopted: str
    vote_labels: tuple[str, ...]
    signatures: tuple[Signature, ...]  # the presiding officer, the secretary (ATTEST), counsel if asked for
    certificate: Certificate | None = None


@dataclass(frozen=True)
class Policy:
    label: str
    number_line: str
    title: str
    sections: tuple[PolicySection, ...]
    adopted: str


@dataclass(frozen=True)
class AppendixEntry:
    """One reference of the annotated edition's appendix, and where the documents rely on it."""

    citation: str
    used_in: str


@dataclass(frozen=True)
class Cell:
    """One language's half of a bilingual row: connective words set apart, then the text."""

    lead: str
    rest: str
    parts: tuple[tuple[str, str], ...] = ()  # a shared clause: each lettered part's provision and words

    @property
    def text(self) -> str:
        return self.lead + self.rest


@dataclass(frozen=True)
class Row:
    """A paragraph of the bilingual edition: the same paragraph in both languages, side by side."""

    kind: str  # label, block, title, recital, clause, adopted, vote, heading, rule, text, definition, reference
    left: Cell
    right: Cell
    provision_id: str | None = None
    also: tuple[str, ...] = ()  # a shared clause: the other provisions whose parts it holds
    number: str = ""  # the policy's rows: the paragraph's number, as in PolicyParagraph


@dataclass(frozen=True)
class DocumentPlan:
    language: str
    word_language: str  # the proofing language, e.g. en-US
    slug: str
    board_name: str
    district_name: str
    place_line: str  # "Cedar Valley, California" under the district's name; "" without a city
    draft_mark: str  # "" when the draft mark is off
    page: str
    page_of: str
    subjects: dict[str, str] = field(default_factory=dict)  # core property "subject" per document
    # The files' names in the documents' language: resolution, policy, zip (both drafts), packet (the packet's zip).
    file_names: dict[str, str] = field(default_factory=dict)
    resolution: Resolution | None = None
    policy: Policy | None = None
    regulation: Policy | None = None  # the administrative regulation; None when the policy holds every rule
    references: tuple[str, ...] = ()  # the Legal References as listed, in order
    reference_ids: tuple[str, ...] = ()  # the same references' ids
    # The bilingual edition: the second language, the columns' titles and both documents as rows of paired paragraphs.
    second_word_language: str = ""
    column_titles: tuple[str, str] = ("", "")
    resolution_rows: tuple[Row, ...] = ()
    policy_rows: tuple[Row, ...] = ()
    regulation_rows: tuple[Row, ...] = ()

    # The annotated edition: a comment per provision (its lines, by provision id), the note on the
    # title, and the legal references appendix.
    annotations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    title_note: str = ""
    appendix_title: str = ""
    appendix: tuple[AppendixEntry, ...] = ()

    @property
    def bilingual(self) -> bool:
        return bool(self.resolution_rows)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The documents this plan makes: the resolution, the policy and, when there is one, the regulation."""
        return ("resolution", "policy", "regulation") if self.regulation else ("resolution", "policy")

    def as_policy(self, kind: str) -> "DocumentPlan":
        """The plan with ``kind``'s instrument in the policy's place: the regulation has the policy's form, so one
        template, one comment placer and one preview serve both."""
        if kind != "regulation":
            return self
        return replace(self, policy=self.regulation, policy_rows=self.regulation_rows)
