"""Fill one document of a contract standard: the user's copy of the official Word file, the profile of its
version and a resolver that evaluates the profile's rules for one unit.

The fill is planned on the text first (which blocks go, which spans of which paragraph are replaced by what),
then applied to the Word XML, saved with fixed zip timestamps, and read back: the text of the saved file must be
the planned text, paragraph by paragraph, or the fill reports a bug instead of handing over a document that
differs from its template outside the placeholders. Before filling, the copy's prescribed blocks are compared with
the fingerprints of the official version (:func:`check_template`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from docx import Document

from tendergen.render.zipfix import normalize_zip
from tendergen.standard.profile import Choice, Condition, DocumentProfile, Placeholder, Profile, in_document
from tendergen.standard.wordfile import (
    COVER,
    W_P,
    Block,
    bookmarks,
    digest,
    insert_paragraph_after,
    normalise,
    paragraph_text,
    read_blocks,
    references,
    remove,
    replace_span,
    rewrite_toc,
    short_digest,
    update_fields_on_open,
)

BRACKET = re.compile(r"\[[^\[\]]*\]")
_EMPTIED = re.compile(r"[\d./;:,\s]*")
"""What is left of a paragraph whose placeholders were filled with nothing: at most its number."""


class Unfilled(Exception):
    """A rule could not be evaluated: the message says which spec field to set."""


class Resolver(Protocol):
    """Evaluates the profile's expressions and values for one unit."""

    def evaluate(self, expression: str) -> object:
        """The value of a Jinja expression; Unfilled names the spec field that is missing."""

    def value(self, key: str) -> str | None:
        """``contract_standard.values[key]``, if given."""

    def value_field(self, key: str) -> str:
        """The spec path to set for ``values[key]`` (for messages)."""


@dataclass(frozen=True)
class Finding:
    """A problem of one document: where (document, article) and what; ``field`` is the spec field to set."""

    document: str
    article: str
    message: str
    field: str = ""
    kind: str = "unfilled"
    """unfilled (a placeholder or rule without value), deviation (the copy differs from the standard), bug."""


@dataclass(frozen=True)
class Filled:
    """What one placeholder, choice, condition or optional article became."""

    document: str
    article: str
    kind: str
    id: str
    label: str
    text: str
    """The placeholder's text in the copy (or the chosen option keys)."""
    value: str
    source: str
    """The expression or values key that gave the value."""

    def as_dict(self) -> dict[str, str]:
        return {
            "document": self.document,
            "article": self.article,
            "kind": self.kind,
            "id": self.id,
            "label": self.label,
            "text": self.text,
            "value": self.value,
            "source": self.source,
        }


@dataclass
class FillResult:
    data: bytes | None
    filled: list[Filled] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def open_document(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def document_blocks(document: Any, doc: DocumentProfile) -> list[Block]:
    return read_blocks(document, numbering=doc.numbering, unnumbered=doc.unnumbered)


# --------------------------------------------------------------------------- fingerprints


def block_fingerprints(blocks: Sequence[Block]) -> dict[str, tuple[str, list[str]]]:
    """Per article: the SHA-256 of its normalised paragraphs and the short digest of each (the TOC left out)."""
    texts: dict[str, list[str]] = {}
    for block in blocks:
        if block.in_toc:
            continue
        texts.setdefault(block.article, []).extend(t for t in block.texts if normalise(t))
    return {article: (digest(found), [short_digest(t) for t in found]) for article, found in texts.items()}


def _excerpt(text: str, size: int = 60) -> str:
    text = normalise(text)
    return text if len(text) <= size else text[: size - 1] + "…"


def check_template(profile: Profile, key: str, blocks: Sequence[Block]) -> list[Finding]:
    """Every prescribed block of the copy that differs from the official version, paragraph by paragraph."""
    doc = profile.documents[key]
    found = block_fingerprints(blocks)
    texts: dict[str, list[str]] = {}
    for block in blocks:
        if not block.in_toc:
            texts.setdefault(block.article, []).extend(t for t in block.texts if normalise(t))
    findings: list[Finding] = []
    where = f"{profile.title}"
    for article, expected in doc.blocks.items():
        if article not in found:
            findings.append(Finding(key, article, f"block is missing; {where} prescribes it", kind="deviation"))
            continue
        sha, paragraphs = found[article]
        if sha == expected.sha256:
            continue
        matcher = difflib.SequenceMatcher(a=list(expected.paragraphs), b=paragraphs, autojunk=False)
        details = []
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                continue
            if op in ("replace", "insert") and b2 > b1:
                shown = "; ".join(f"paragraph {n + 1} `{_excerpt(texts[article][n])}`" for n in range(b1, b2))
                details.append(("changed " if op == "replace" else "added ") + shown)
            if op == "delete" or (op == "replace" and a2 - a1 > b2 - b1):
                details.append(f"{a2 - a1} paragraph(s) of the standard missing after paragraph {b1}")
        message = f"differs from {where}: " + "; ".join(details or ["the text differs"])
        findings.append(Finding(key, article, message, kind="deviation"))
    for article in found:
        if article not in doc.blocks:
            findings.append(Finding(key, article, f"block is not part of {where}", kind="deviation"))
    return findings


# --------------------------------------------------------------------------- rules


def _sha(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def _applies(articles: tuple[str, ...], location: str) -> bool:
    if not articles:
        return True
    plain = location.split("#")[0]
    return any(plain == a or plain.startswith(a + ".") for a in articles)


def placeholder_rule(
    profile: Profile,
    key: str,
    location: str,
    text: str,
    paragraph: str = "",
    occurrence: int = 1,
    article_occurrence: int = 1,
) -> Placeholder | None:
    """The placeholder rule for bracket ``text`` at ``location`` of document ``key`` (the ``occurrence``-th in
    its ``paragraph``, the ``article_occurrence``-th in its article): the first rule that fits."""
    sha = _sha(text)
    for rule in profile.placeholders:
        if not in_document(rule.documents, key) or not _applies(rule.articles, location):
            continue
        if rule.contains is not None and rule.contains not in paragraph:
            continue
        if rule.occurrence is not None and rule.occurrence != occurrence:
            continue
        if rule.article_occurrence is not None and rule.article_occurrence != article_occurrence:
            continue
        if rule.match is not None and normalise(rule.match) == normalise(text):
            return rule
        if rule.match_sha256 == sha:
            return rule
    return None


def _matches(start: str | None, start_sha: str | None, text: str) -> bool:
    text = normalise(text)
    if not text:
        return False
    return (start is not None and normalise(start) == text) or (start_sha is not None and _sha(text) == start_sha)


@dataclass
class _Para:
    element: Any
    block: int
    text: str
    article: str
    location: str
    in_toc: bool
    level: int
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    dropped: bool = False
    rules: list[Placeholder] = field(default_factory=list)

    def result(self) -> str:
        text = self.text
        for start, end, value in sorted(self.edits, reverse=True):
            text = text[:start] + value + text[end:]
        return text

    def covered(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e and (s, e) != (start, end) for s, e, _v in self.edits)


class _Plan:
    def __init__(self, profile: Profile, key: str, blocks: list[Block], resolver: Resolver) -> None:
        self.profile = profile
        self.key = key
        self.doc = profile.documents[key]
        self.blocks = blocks
        self.resolver = resolver
        self.drop: set[int] = set()
        self.inserted: dict[int, list[str]] = {}
        self.filled: list[Filled] = []
        self.findings: list[Finding] = []
        self.paras: list[_Para] = []
        self.by_block: dict[int, list[_Para]] = {}
        for index, block in enumerate(blocks):
            elements = [block.element] if block.kind == "p" else list(block.element.iter(W_P))
            for element in elements:
                para = _Para(
                    element,
                    index,
                    paragraph_text(element),
                    block.article,
                    block.location,
                    block.in_toc,
                    block.level,
                )
                self.paras.append(para)
                self.by_block.setdefault(index, []).append(para)

    # ------------------------------------------------------------------ helpers

    def _eval(self, expression: str, article: str, what: str) -> tuple[bool, object]:
        try:
            return True, self.resolver.evaluate(expression)
        except Unfilled as exc:
            self.findings.append(Finding(self.key, article, f"{what}: {exc}", field=str(exc)))
            return False, None

    def _article_blocks(self, article: str) -> list[int]:
        return [i for i, b in enumerate(self.blocks) if b.article == article and not b.in_toc]

    def _heading(self, article: str) -> int | None:
        return next((i for i in self._article_blocks(article) if self.blocks[i].level), None)

    def _body(self, heading: int) -> list[int]:
        level = self.blocks[heading].level
        body = []
        for index in range(heading + 1, len(self.blocks)):
            block = self.blocks[index]
            if block.level and block.level <= level and normalise(block.text):
                break
            body.append(index)
        return body

    def _drop_block(self, index: int) -> None:
        self.drop.add(index)
        for para in self.by_block.get(index, []):
            para.dropped = True

    # ------------------------------------------------------------------ steps

    def optional_articles(self) -> None:
        marker = self.profile.marker
        for rule in self.profile.optional:
            if not in_document(rule.documents, self.key):
                continue
            heading = self._heading(rule.article)
            if heading is None or marker not in self.blocks[heading].text:
                message = f"optional article {rule.article} ({rule.label}) with `{marker}` not found in the copy"
                self.findings.append(Finding(self.key, rule.article, message, kind="deviation"))
                continue
            ok, value = self._eval(rule.when, rule.article, f"whether optional article {rule.article} applies")
            if not ok:
                continue
            include = bool(value)
            para = self.by_block[heading][0]
            start = para.text.index(marker)
            end = start + len(marker)
            while end < len(para.text) and para.text[end] == " ":
                end += 1
            para.edits.append((start, end, ""))
            if not include:
                for index in self._body(heading):
                    self._drop_block(index)
                if rule.dropped == "remove":
                    self._drop_block(heading)
                else:
                    self.inserted[heading] = [self.profile.not_applicable]
            outcome = "opgenomen" if include else ("niet van toepassing" if rule.dropped == "nvt" else "weggelaten")
            self.filled.append(
                Filled(self.key, rule.article, "optional", rule.article, rule.label, marker, outcome, rule.when)
            )

    def sections(self) -> None:
        """Text from the spec in the articles the standard leaves empty for the authority."""
        for rule in self.profile.sections:
            if not in_document(rule.documents, self.key):
                continue
            heading = self._heading(rule.article)
            if heading is None:
                message = f"article {rule.article} ({rule.label}) not found in the copy"
                self.findings.append(Finding(self.key, rule.article, message, kind="deviation"))
                continue
            body = [i for i in self._body(heading) if normalise(self.blocks[i].text) and not self.blocks[i].level]
            if body or heading in self.drop:
                continue  # the copy has text there already
            ok, value = self._eval(rule.fill, rule.article, f"text of article {rule.article} ({rule.label})")
            if not ok or value in (None, "", []):
                continue
            texts = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
            texts = [t for t in texts if normalise(t)]
            if texts:
                self.inserted[heading] = texts
                self.filled.append(
                    Filled(self.key, rule.article, "section", rule.article, rule.label, "", "\n".join(texts), rule.fill)
                )

    def choices(self) -> None:
        for choice in self.profile.choices:
            if in_document(choice.documents, self.key):
                self._choice(choice)

    def _choice(self, choice: Choice) -> None:
        indices = [i for i in self._article_blocks(choice.article) if i not in self.drop]
        if not indices:
            self.findings.append(Finding(self.key, choice.article, f"choice {choice.id}: article not found"))
            return
        if choice.instruction is not None or choice.instruction_sha256 is not None:
            instruction = next(
                (
                    i
                    for i in indices
                    if self.blocks[i].kind == "p"
                    and _matches(choice.instruction, choice.instruction_sha256, self.blocks[i].text)
                ),
                None,
            )
            if instruction is None:
                message = f"choice {choice.id} ({choice.label}): its instruction paragraph is not in the copy"
                self.findings.append(Finding(self.key, choice.article, message, kind="deviation"))
                return
            self._drop_block(instruction)
        starts: list[tuple[str, int]] = []
        for name, option in choice.options.items():
            after = starts[-1][1] if starts else -1  # options follow each other in the document
            at = next(
                (
                    i
                    for i in indices
                    if i > after
                    and self.blocks[i].kind == "p"
                    and _matches(option.start, option.start_sha256, self.blocks[i].text)
                ),
                None,
            )
            if at is None:
                message = f"choice {choice.id} ({choice.label}): option `{name}` is not in the copy"
                self.findings.append(Finding(self.key, choice.article, message, kind="deviation"))
                return
            starts.append((name, at))
        starts.sort(key=lambda item: item[1])
        stop = indices[-1] + 1
        if choice.end is not None or choice.end_sha256 is not None:
            stop = next(
                (
                    i
                    for i in indices
                    if i > starts[-1][1] and _matches(choice.end, choice.end_sha256, self.blocks[i].text)
                ),
                stop,
            )
        ok, picked = self._eval(choice.pick, choice.article, f"choice {choice.id} ({choice.label})")
        if not ok:
            return
        keys = (
            []
            if picked in (None, "", False)
            else [str(p) for p in (picked if isinstance(picked, list | tuple) else [picked])]
        )
        unknown = [k for k in keys if k not in choice.options]
        if unknown:
            message = f"choice {choice.id}: rule gave `{', '.join(unknown)}`; options: {', '.join(choice.options)}"
            self.findings.append(Finding(self.key, choice.article, message, kind="bug"))
            return
        for position, (name, start) in enumerate(starts):
            end = starts[position + 1][1] if position + 1 < len(starts) else stop
            span = [i for i in indices if start <= i < end]
            if name not in keys:
                for index in span:
                    self._drop_block(index)
            elif not choice.options[name].keep_start:
                self._drop_block(start)
        value = ", ".join(keys) if keys else "geen"
        self.filled.append(
            Filled(
                self.key,
                choice.article,
                "choice",
                choice.id,
                choice.label,
                ", ".join(choice.options),
                value,
                choice.pick,
            )
        )

    def conditions(self) -> None:
        for para in self.paras:
            if para.dropped or para.in_toc:
                continue
            for rule in self.profile.conditions:
                if not in_document(rule.documents, self.key) or not _applies(rule.articles, para.location):
                    continue
                for start, end in self._condition_spans(rule, para.text):
                    self._condition(rule, para, start, end)

    def _condition_spans(self, rule: Condition, text: str) -> list[tuple[int, int]]:
        spans = []
        if rule.match is not None:
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(rule.match), text)]
        else:
            spans = [(m.start(), m.end()) for m in BRACKET.finditer(text) if _sha(m.group(0)) == rule.match_sha256]
        return spans

    def _condition(self, rule: Condition, para: _Para, start: int, end: int) -> None:
        ok, value = self._eval(rule.when, para.location, f"condition {rule.id} ({rule.label})")
        if not ok:
            return
        if value:
            while end < len(para.text) and para.text[end] == " ":
                end += 1
            para.edits.append((start, end, ""))
        else:
            while start > 0 and para.text[start - 1] == " ":
                start -= 1
            para.edits.append((start, len(para.text), ""))
            if not normalise(para.result()) and self.blocks[para.block].kind == "p":
                self._drop_block(para.block)
        kept = "van toepassing" if value else "niet van toepassing"
        self.filled.append(
            Filled(
                self.key, para.location, "condition", rule.id, rule.label, para.text[start:end].strip(), kept, rule.when
            )
        )

    def placeholders(self) -> None:
        cache: dict[str, str | None] = {}
        literal = [r for r in self.profile.placeholders if r.match is not None and not BRACKET.fullmatch(r.match)]
        literal.sort(key=lambda r: -len(r.match or ""))
        in_article: dict[tuple[str, str], int] = {}
        for para in self.paras:
            if para.dropped or para.in_toc:
                continue
            spans: list[tuple[int, int, Placeholder | None]] = []
            for literal_rule in literal:
                if in_document(literal_rule.documents, self.key) and _applies(literal_rule.articles, para.location):
                    assert literal_rule.match is not None
                    for m in re.finditer(re.escape(literal_rule.match), para.text):
                        if not any(s < m.end() and m.start() < e for s, e, _r in spans):
                            spans.append((m.start(), m.end(), literal_rule))
            in_paragraph: dict[str, int] = {}
            for found in BRACKET.finditer(para.text):
                if any(s <= found.start() < e for s, e, _r in spans):
                    continue
                if any(s <= found.start() and found.end() <= e for s, e, _v in para.edits):
                    continue  # inside text a condition or an optional marker already removed
                text = normalise(found.group(0))
                in_paragraph[text] = in_paragraph.get(text, 0) + 1
                count = in_article[(para.article, text)] = in_article.get((para.article, text), 0) + 1
                found_rule = placeholder_rule(
                    self.profile, self.key, para.location, found.group(0), para.text, in_paragraph[text], count
                )
                spans.append((found.start(), found.end(), found_rule))
            for start, end, span_rule in sorted(spans, key=lambda s: s[0]):
                if any(s <= start and end <= e for s, e, _v in para.edits):
                    continue  # inside text a condition or an optional marker already removed
                self._placeholder(para, start, end, span_rule, cache)
            emptied = _EMPTIED.fullmatch(normalise(para.result())) and normalise(para.text)
            if emptied and self.blocks[para.block].kind == "p" and self._dropping(para):
                self._drop_block(para.block)

    def _dropping(self, para: _Para) -> bool:
        """A paragraph emptied by placeholders whose rules say so goes."""
        return any(rule.drop_empty for rule in para.rules)

    def _placeholder(
        self, para: _Para, start: int, end: int, rule: Placeholder | None, cache: dict[str, str | None]
    ) -> None:
        text = para.text[start:end]
        if rule is None:
            message = f"placeholder `{_excerpt(text)}` is not in the profile of {self.profile.title}"
            self.findings.append(Finding(self.key, para.location, message, kind="deviation"))
            return
        if rule.id not in cache:
            cache[rule.id] = self._placeholder_value(rule, para.location, text)
        value = cache[rule.id]
        if value is None:
            return
        para.edits.append((start, end, value))
        para.rules.append(rule)
        source = f"contract_standard.values.{rule.id}" if rule.value else (rule.fill or "")
        self.filled.append(Filled(self.key, para.location, "placeholder", rule.id, rule.label, text, value, source))

    def _placeholder_value(self, rule: Placeholder, location: str, text: str) -> str | None:
        what = f"placeholder `{_excerpt(text)}` ({rule.label})"
        given = self.resolver.value(rule.id)
        if given is not None:
            return given
        if rule.value:
            if given is None:
                if rule.default is not None:
                    return rule.default
                message = f"{what} is not filled: set {self.resolver.value_field(rule.id)}"
                self.findings.append(Finding(self.key, location, message, field=self.resolver.value_field(rule.id)))
                return None
            return given
        assert rule.fill is not None
        try:
            value = self.resolver.evaluate(rule.fill)
        except Unfilled as exc:
            if rule.default is not None:
                return rule.default
            message = f"{what} is not filled: {exc} (or give {self.resolver.value_field(rule.id)})"
            self.findings.append(Finding(self.key, location, message, field=self.resolver.value_field(rule.id)))
            return None
        if value is None and rule.default is not None:
            return rule.default
        if value is None or value == "":
            if rule.options or rule.default == "":
                return ""
            message = f"{what} is not filled: the spec gives no value (give {self.resolver.value_field(rule.id)})"
            self.findings.append(Finding(self.key, location, message, field=self.resolver.value_field(rule.id)))
            return None
        result = "" if value is None else str(value)
        if rule.options and result not in rule.options:
            message = f"{what}: `{result}` is not one of the options ({', '.join(rule.options)})"
            self.findings.append(Finding(self.key, location, message, kind="bug"))
            return None
        return result

    # ------------------------------------------------------------------ outcome

    def expected(self) -> list[tuple[str, str]]:
        """(article, text) of every paragraph the filled file must hold outside the TOC, in order."""
        found: list[tuple[str, str]] = []
        for index, block in enumerate(self.blocks):
            if block.in_toc or index in self.drop:
                continue
            for para in self.by_block.get(index, []):
                if normalise(para.result()):
                    found.append((block.article, normalise(para.result())))
            for text in self.inserted.get(index, []):
                found.append((block.article, normalise(text)))
        return found

    def toc_entries(self) -> list[tuple[int, str]]:
        entries = []
        for index, block in enumerate(self.blocks):
            if block.in_toc or index in self.drop or not block.level or block.level > 3:
                continue
            text = normalise(self.by_block[index][0].result())
            if not text or block.article.lower() == "inhoudsopgave":
                continue
            numbered = self.doc.numbering == "outline" and block.article[:1].isdigit()
            entries.append((block.level, f"{block.article} {text}" if numbered else text))
        return entries


def fill_document(
    profile: Profile,
    key: str,
    data: bytes,
    resolver: Resolver,
    when: dt.datetime,
    *,
    check: Callable[[list[Block]], list[Finding]] | None = None,
) -> FillResult:
    """Fill the copy ``data`` of document ``key``; the result holds the bytes (None when anything is unfilled or
    the copy deviates), what each rule gave and every finding."""
    document = open_document(data)
    blocks = document_blocks(document, profile.documents[key])
    deviations = check_template(profile, key, blocks) if check is None else check(blocks)
    plan = _Plan(profile, key, blocks, resolver)
    plan.optional_articles()
    plan.choices()
    plan.conditions()
    plan.placeholders()
    plan.sections()
    findings = [*deviations, *plan.findings]
    result = FillResult(None, plan.filled, findings)
    if findings:
        return result
    known = bookmarks(document)
    for index, block in enumerate(blocks):
        if index in plan.drop:
            continue
        for para in plan.by_block.get(index, []):
            for start, end, value in sorted(para.edits, reverse=True):
                replace_span(para.element, start, end, value)
        anchor = block.element
        for text in plan.inserted.get(index, []):
            anchor = insert_paragraph_after(anchor, text)
    toc = plan.toc_entries()
    for index in sorted(plan.drop, reverse=True):
        if not blocks[index].in_toc:
            remove(blocks[index].element)
    rewrite_toc(blocks, toc)
    update_fields_on_open(document)
    remaining = bookmarks(document)
    for name in sorted(set(references(document))):
        if name in known and name not in remaining:
            message = f"a cross-reference points to bookmark `{name}`, which was in a dropped part"
            result.findings.append(Finding(key, COVER, message, kind="bug"))
    out = io.BytesIO()
    document.save(out)
    filled = normalize_zip(out.getvalue(), when)
    result.findings.extend(verify(profile, key, filled, plan.expected()))
    result.data = None if result.findings else filled
    return result


def verify(profile: Profile, key: str, data: bytes, expected: list[tuple[str, str]]) -> list[Finding]:
    """The saved file holds exactly the planned text outside the TOC: else a bug (the first difference)."""
    document = open_document(data)
    blocks = document_blocks(document, profile.documents[key])
    actual = [(b.article, normalise(t)) for b in blocks if not b.in_toc for t in b.texts if normalise(t)]
    actual_texts = [t for _a, t in actual]
    expected_texts = [t for _a, t in expected]
    if actual_texts == expected_texts:
        return []
    position = next(
        (i for i, (a, b) in enumerate(zip(actual_texts, expected_texts, strict=False)) if a != b),
        min(len(actual_texts), len(expected_texts)),
    )
    article = expected[position][0] if position < len(expected) else actual[position][0]
    message = (
        "the filled document differs from its template outside the placeholders "
        f"(paragraph {position + 1}); this is a bug in tendergen"
    )
    return [Finding(key, article, message, kind="bug")]


def document_text(data: bytes) -> list[str]:
    """The normalised text of every paragraph of a DOCX (tables cell by cell), the TOC included."""
    document = open_document(data)
    found = []
    for element in document.element.body.iter(W_P):
        text = normalise(paragraph_text(element))
        if text:
            found.append(text)
    return found
