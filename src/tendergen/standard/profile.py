"""The profile of one version of a contract standard (``data/standards/contractstandaard-<name>-<version>.yaml``).

A profile holds no text of the standard. It names every document of the version (and the file name the user's
copy has under ``templates/contractstandaard-<name>/``), every placeholder (by its short bracket text, or by the
SHA-256 of a long one) with the spec expression or ``contract_standard.values`` key that fills it, every choice
with the rule that picks an option, every optional article with its inclusion condition, and a fingerprint of
every prescribed block (article) of the official version: the SHA-256 of its normalised text and a short digest
per paragraph, so a copy that differs is reported article by article and paragraph by paragraph.
"""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from tendergen.errors import RenderError


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fingerprint(_Data):
    """The fingerprint of one prescribed block (an article with its heading) of the official version."""

    sha256: str = Field(description="SHA-256 of the block's normalised paragraph texts joined by newlines.")
    paragraphs: tuple[str, ...] = Field(description="The first 12 hex digits of each paragraph's SHA-256.")


class DocumentProfile(_Data):
    """One document of the standard (an inkoopdocument variant or the overeenkomst)."""

    title: str = Field(description="Dutch title of the filled document, as the pack and the index name it.")
    template: str = Field(description="File name of the user's copy under templates/contractstandaard-<name>/.")
    numbering: Literal["text", "outline"] = Field(
        description="text: the headings carry their article numbers; outline: Word numbers the headings."
    )
    unnumbered: tuple[str, ...] = Field(default=(), description="Headings outside the numbering (by first words).")
    blocks: dict[str, Fingerprint] = Field(description="Fingerprint of every prescribed block, by article key.")


class Placeholder(_Data):
    """A placeholder and what fills it."""

    id: str = Field(description="Stable id, also the key under contract_standard.values for a `value` placeholder.")
    label: str = Field(description="What the placeholder asks, in our own words (for the report and errors).")
    match: str | None = Field(default=None, description="The exact text that is replaced (short texts only).")
    match_sha256: str | None = Field(default=None, description="SHA-256 of the normalised bracket text (long ones).")
    documents: tuple[str, ...] = Field(default=(), description="Documents it occurs in; empty: every document.")
    articles: tuple[str, ...] = Field(default=(), description="Articles it is filled in (prefixes); empty: anywhere.")
    fill: str | None = Field(default=None, description="Jinja expression over the unit context that fills it.")
    value: bool = Field(default=False, description="The spec provides it under contract_standard.values.<id>.")
    default: str | None = Field(default=None, description="Value used when `fill` gives nothing.")
    options: tuple[str, ...] = Field(default=(), description="An inline choice: the value must be one of these.")
    contains: str | None = Field(default=None, description="Only in paragraphs containing this (short) text.")
    occurrence: int | None = Field(default=None, ge=1, description="Only the n-th occurrence within its paragraph.")
    article_occurrence: int | None = Field(
        default=None, ge=1, description="Only the n-th occurrence of this text within its article."
    )
    drop_empty: bool = Field(
        default=False, description="An empty value removes the paragraph it leaves empty (or holding only a number)."
    )

    @model_validator(mode="after")
    def _one_source(self) -> Placeholder:
        if (self.match is None) == (self.match_sha256 is None):
            raise ValueError(f"placeholder {self.id}: give exactly one of match and match_sha256")
        if (self.fill is None) == (not self.value):
            raise ValueError(f"placeholder {self.id}: give exactly one of fill and value")
        return self


class Option(_Data):
    """One option of a choice: the paragraph that starts it (its label) and what happens to that label."""

    start: str | None = Field(default=None, description="Exact normalised text of the paragraph that starts it.")
    start_sha256: str | None = Field(default=None, description="SHA-256 of that paragraph (long ones).")
    keep_start: bool = Field(default=False, description="The starting paragraph stays when the option is chosen.")


class Choice(_Data):
    """A choice between options (paragraph ranges) within one article."""

    id: str = Field(description="Stable id (the report names it).")
    label: str = Field(description="What is chosen, in our own words.")
    documents: tuple[str, ...] = Field(default=(), description="Documents it occurs in; empty: every document.")
    article: str = Field(description="The article (block key) it is in.")
    instruction: str | None = Field(default=None, description="Text of the instruction paragraph that is removed.")
    instruction_sha256: str | None = Field(default=None, description="SHA-256 of that paragraph (long ones).")
    options: dict[str, Option] = Field(description="Options by key, in document order.")
    end: str | None = Field(default=None, description="Paragraph (exact text) that ends the last option.")
    end_sha256: str | None = Field(default=None, description="SHA-256 of that paragraph (long ones).")
    pick: str = Field(description="Jinja expression giving the chosen option key (or a list of keys, or none).")


class Condition(_Data):
    """Text from a marker to the end of its paragraph that applies only under a condition."""

    id: str = Field(description="Stable id (the report names it).")
    label: str = Field(description="When it applies, in our own words.")
    match: str | None = Field(default=None, description="The marker text (short ones).")
    match_sha256: str | None = Field(default=None, description="SHA-256 of the marker (a bracket text).")
    documents: tuple[str, ...] = Field(default=(), description="Documents it occurs in; empty: every document.")
    articles: tuple[str, ...] = Field(default=(), description="Articles it applies in (prefixes); empty: anywhere.")
    when: str = Field(description="Jinja expression: true keeps the text (the marker goes), false drops it.")


class OptionalArticle(_Data):
    """An article marked optional in its heading."""

    article: str = Field(description="The article key, e.g. `1.4`.")
    label: str = Field(description="What the article arranges, in our own words.")
    documents: tuple[str, ...] = Field(default=(), description="Documents it occurs in; empty: every document.")
    when: str = Field(description="Jinja expression: true includes the article.")
    dropped: Literal["nvt", "remove"] = Field(
        default="nvt",
        description="nvt: the heading stays with `Niet van toepassing.` so the numbering of the standard stays "
        "(the advice of the Toelichting); remove: heading and body go (for placeholder articles such as 1.n).",
    )


class Section(_Data):
    """An article the standard leaves empty for the authority's own text, and what the spec writes there."""

    article: str = Field(description="The article key, e.g. `2.1.4`.")
    label: str = Field(description="What the text is about, in our own words.")
    documents: tuple[str, ...] = Field(default=(), description="Documents it occurs in; empty: every document.")
    fill: str = Field(description="Jinja expression giving a paragraph text or a list of them (none: left empty).")


class Profile(_Data):
    """One version of a contract standard."""

    standard: str = Field(description="Short name, the value of contract_standard.name (`wmo`).")
    version: str = Field(description="Version of the standard, e.g. `1.2`.")
    name: str = Field(description="Dutch name, e.g. `Contractstandaard Wmo`.")
    publisher: str = Field(description="Who publishes it.")
    adopted: dt.date = Field(description="Date the VNG general assembly adopted the standard.")
    released: str = Field(description="Release of this version (month and year), as the version table says.")
    citation: str = Field(description="Where the official files are published.")
    marker: str = Field(description="The text that marks an optional article in its heading.")
    not_applicable: str = Field(description="The text put under the heading of a dropped optional article.")
    documents: dict[str, DocumentProfile] = Field(description="The documents of the version by key.")
    placeholders: tuple[Placeholder, ...] = Field(description="Every placeholder and what fills it.")
    choices: tuple[Choice, ...] = Field(default=(), description="Choices between paragraph ranges.")
    conditions: tuple[Condition, ...] = Field(default=(), description="Text that applies under a condition.")
    optional: tuple[OptionalArticle, ...] = Field(default=(), description="Optional articles.")
    sections: tuple[Section, ...] = Field(default=(), description="Empty articles the spec writes text in.")

    @property
    def folder(self) -> str:
        """The project folder (under templates/) that holds the user's copies."""
        return f"contractstandaard-{self.standard}"

    @property
    def title(self) -> str:
        return f"{self.name} {self.version}"


def in_document(documents: tuple[str, ...], key: str) -> bool:
    return not documents or key in documents


def profile_file(standard: str, version: str) -> str:
    return f"contractstandaard-{standard}-{version}.yaml"


@functools.cache
def load_profile(standard: str, version: str) -> Profile:
    """The profile of ``standard`` ``version``; RenderError names the known versions when there is none."""
    folder = resources.files("tendergen") / "data" / "standards"
    name = profile_file(standard, version)
    source = folder / name
    if not source.is_file():
        known = sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
        raise RenderError(f"no profile for contract standard `{standard}` version {version}; known: {', '.join(known)}")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    return Profile.model_validate(data)


def known_versions(standard: str) -> list[str]:
    folder = resources.files("tendergen") / "data" / "standards"
    prefix = f"contractstandaard-{standard}-"
    return sorted(p.name[len(prefix) : -5] for p in folder.iterdir() if p.name.startswith(prefix))
