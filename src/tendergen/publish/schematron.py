"""A Schematron runner for the eForms SDK rules: an own compiler from Schematron to XSLT 3.0, run on saxonche.

The SDK's static rules (``schematrons/static/complete-validation.sch``) use a small part of ISO Schematron with the
``xslt2`` query binding: ``ns``, ``let`` (global and pattern level), ``phase``/``active``, ``include``, ``pattern``,
``rule``, ``assert`` and ``diagnostics``. Anything else is refused rather than silently ignored.

How a phase becomes XSLT: each active pattern is one template mode. A rule is a template matching its context with
a priority that falls with the rule's position, so of the rules of one pattern only the first matching one fires on
a node (the Schematron rule). Every template, and a low-priority default one, carries on into the node's attributes
and child elements, so each element and attribute of the notice is visited once per pattern. An assert whose test is
false writes a ``failed`` element with its id, role, location path, text and diagnostics. ``current-date()`` is
replaced by a stylesheet parameter, so a validation is reproducible for a chosen date.

Compiled XSLT is cached in the user cache per SDK version, phase and :data:`RUNNER_VERSION`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from lxml import etree

from tendergen.errors import TendergenError
from tendergen.publish.standards import cache_root, sdk_version

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
XS_NS = "http://www.w3.org/2001/XMLSchema"
OUT_NS = "urn:tendergen:schematron-result"
# Bump when the generated XSLT changes, so stale cached stylesheets are not used.
RUNNER_VERSION = "1"
TODAY_PARAM = "tg-today"
_SUPPORTED = {"schema", "title", "ns", "let", "phase", "active", "include", "pattern", "rule", "assert",
              "diagnostics", "diagnostic"}  # fmt: skip


class SchematronError(TendergenError):
    """The Schematron cannot be compiled, or a notice cannot be validated."""


@dataclass(frozen=True)
class FailedAssert:
    """One assertion a notice fails."""

    id: str
    role: str
    location: str
    text: str
    pattern: str
    field: str = ""
    diagnostic: str = ""

    def format(self) -> str:
        field = f" [{self.field}]" if self.field else ""
        return f"{self.id} ({self.role}) at {self.location}{field}"


@dataclass
class _Rule:
    context: str
    asserts: list[etree._Element]


@dataclass
class _Pattern:
    id: str
    lets: list[tuple[str, str]]
    rules: list[_Rule]


@dataclass
class _Schema:
    namespaces: list[tuple[str, str]]
    lets: list[tuple[str, str]]
    phases: dict[str, list[str]]
    patterns: dict[str, _Pattern]
    diagnostics: dict[str, tuple[str, str]]


def _local(element: etree._Element) -> str:
    if not isinstance(element.tag, str):
        return ""
    qname = etree.QName(element)
    if qname.namespace != SCH_NS:
        raise SchematronError(f"{element.base}:{element.sourceline}: element {element.tag} is not Schematron")
    if qname.localname not in _SUPPORTED:
        raise SchematronError(
            f"{element.base}:{element.sourceline}: Schematron element `{qname.localname}` is not supported"
        )
    return str(qname.localname)


def _children(element: etree._Element) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str)]


def _read_schema(main: Path) -> _Schema:
    """Read the main Schematron file and the pattern files it includes."""
    root = etree.parse(str(main)).getroot()
    if root.get("queryBinding") not in ("xslt2", "xslt3"):
        raise SchematronError(f"{main}: query binding {root.get('queryBinding')!r} is not supported (xslt2 needed)")
    schema = _Schema(namespaces=[], lets=[], phases={}, patterns={}, diagnostics={})
    for child in _children(root):
        kind = _local(child)
        if kind == "ns":
            schema.namespaces.append((child.get("prefix", ""), child.get("uri", "")))
        elif kind == "let":
            schema.lets.append((child.get("name", ""), child.get("value", "")))
        elif kind == "phase":
            schema.phases[child.get("id", "")] = [a.get("pattern", "") for a in _children(child) if _local(a)]
        elif kind == "include":
            included = etree.parse(str(main.parent / child.get("href", ""))).getroot()
            if _local(included) != "pattern":
                raise SchematronError(f"{child.get('href')}: an included file must hold one pattern")
            pattern = _read_pattern(included)
            schema.patterns[pattern.id] = pattern
        elif kind == "pattern":
            pattern = _read_pattern(child)
            schema.patterns[pattern.id] = pattern
        elif kind == "diagnostics":
            for diagnostic in _children(child):
                _local(diagnostic)
                if _children(diagnostic):
                    raise SchematronError(f"diagnostic {diagnostic.get('id')}: only plain text is supported")
                schema.diagnostics[diagnostic.get("id", "")] = (
                    (diagnostic.get("see") or "").removeprefix("field:"),
                    " ".join((diagnostic.text or "").split()),
                )
    return schema


def _read_pattern(element: etree._Element) -> _Pattern:
    pattern = _Pattern(id=element.get("id", ""), lets=[], rules=[])
    for child in _children(element):
        kind = _local(child)
        if kind == "let":
            pattern.lets.append((child.get("name", ""), child.get("value", "")))
        elif kind == "rule":
            asserts = _children(child)
            for item in asserts:
                if _local(item) != "assert":
                    raise SchematronError(f"rule {child.get('context')}: only assert is supported inside a rule")
                if _children(item):
                    raise SchematronError(f"assert {item.get('id')}: only plain text is supported")
            pattern.rules.append(_Rule(context=child.get("context", ""), asserts=asserts))
        else:
            raise SchematronError(f"pattern {pattern.id}: `{kind}` is not supported inside a pattern")
    return pattern


def _date_free(expression: str) -> str:
    return expression.replace("current-date()", "$tg-date")


def phases(sch_dir: Path) -> list[str]:
    """The phase ids of the SDK's Schematron (``eforms-16`` …)."""
    return list(_read_schema(sch_dir / "complete-validation.sch").phases)


def compile_phase(sch_dir: Path, phase: str) -> str:
    """The XSLT 3.0 text that checks one phase of the Schematron in ``sch_dir``."""
    schema = _read_schema(sch_dir / "complete-validation.sch")
    if phase not in schema.phases:
        raise SchematronError(f"unknown Schematron phase {phase!r}")
    active = schema.phases[phase]
    missing = [p for p in active if p not in schema.patterns]
    if missing:
        raise SchematronError(f"phase {phase} names unknown pattern(s): {', '.join(missing)}")
    out: list[str] = []
    w = out.append
    declared = dict(schema.namespaces)
    if declared.setdefault("xs", XS_NS) != XS_NS:
        raise SchematronError("the prefix `xs` must stand for the XML Schema namespace")
    ns_decls = " ".join(f"xmlns:{p}={quoteattr(u)}" for p, u in declared.items() if p not in ("xsl", "tg"))
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(f'<xsl:stylesheet version="3.0" xmlns:xsl="{XSL_NS}" xmlns:tg="{OUT_NS}" {ns_decls} ')
    w('exclude-result-prefixes="#all">\n')
    w('<xsl:output method="xml" indent="no"/>\n')
    w(f'<xsl:param name="{TODAY_PARAM}" as="xs:string" required="yes"/>\n')
    w(f'<xsl:variable name="tg-date" as="xs:date" select="xs:date(${TODAY_PARAM})"/>\n')
    lets = list(schema.lets)
    for name in active:
        lets.extend(schema.patterns[name].lets)
    for name, value in lets:
        w(f"<xsl:variable name={quoteattr(name)} select={quoteattr(_date_free(value))}/>\n")
    w('<xsl:function name="tg:path" as="xs:string"><xsl:param name="n" as="node()"/>')
    w("<xsl:sequence select=\"string-join(for $a in $n/ancestor-or-self::* return concat('/', name($a), '[', ")
    w("count($a/preceding-sibling::*[node-name(.) = node-name($a)]) + 1, ']'), '') || ")
    w("(if ($n instance of attribute()) then concat('/@', name($n)) else '')\"/></xsl:function>\n")
    w(f'<xsl:template match="/"><tg:report phase={quoteattr(phase)}>')
    for index, _name in enumerate(active):
        w(f'<xsl:apply-templates select="." mode="p{index}"/>')
    w("</tg:report></xsl:template>\n")
    for index, name in enumerate(active):
        pattern = schema.patterns[name]
        mode = f"p{index}"
        count = len(pattern.rules)
        for position, rule in enumerate(pattern.rules):
            priority = count - position
            w(f'<xsl:template match={quoteattr(_date_free(rule.context))} mode="{mode}" priority="{priority}">')
            for item in rule.asserts:
                field, diagnostic = "", ""
                refs = (item.get("diagnostics") or "").split()
                if refs:
                    found = [schema.diagnostics[r] for r in refs if r in schema.diagnostics]
                    field = " ".join(f for f, _ in found)
                    diagnostic = " ".join(d for _, d in found)
                text = " ".join((item.text or "").split())
                w(f"<xsl:if test={quoteattr('not(' + _date_free(item.get('test', '')) + ')')}>")
                w(f"<tg:failed id={quoteattr(item.get('id', ''))} role={quoteattr(item.get('role', 'ERROR'))} ")
                w(f"pattern={quoteattr(name)} field={quoteattr(field)} diagnostic={quoteattr(diagnostic)} ")
                w(f'location="{{tg:path(.)}}">{_text(text)}</tg:failed></xsl:if>')
            w(f'<xsl:apply-templates select="@*|*" mode="{mode}"/></xsl:template>\n')
        w(f'<xsl:template match="@*|node()" mode="{mode}" priority="-10">')
        w(f'<xsl:apply-templates select="@*|*" mode="{mode}"/></xsl:template>\n')
    w("</xsl:stylesheet>\n")
    return "".join(out)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("{", "{{").replace("}", "}}")


def cached_phase(sdk: Path, phase: str) -> Path:
    """The compiled XSLT of a phase, compiled now if the user cache does not have it yet."""
    folder = cache_root() / "schematron" / sdk_version(sdk) / f"runner-{RUNNER_VERSION}"
    target = folder / f"{phase}.xsl"
    if target.is_file():
        return target
    text = compile_phase(sdk / "schematrons" / "static", phase)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{phase}-", suffix=".xsl", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, target)
    return target


_lock = threading.Lock()
_processor: Any = None
_executables: dict[str, Any] = {}


def _saxon() -> Any:
    global _processor
    if _processor is None:
        try:
            from saxonche import PySaxonProcessor
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise SchematronError("Schematron validation needs saxonche: pip install 'tendergen[publish]'") from exc
        _processor = PySaxonProcessor(license=False)
    return _processor


def _executable(xslt: Path) -> Any:
    key = hashlib.sha256(str(xslt.resolve()).encode() + str(xslt.stat().st_mtime_ns).encode()).hexdigest()
    with _lock:
        if key not in _executables:
            compiler = _saxon().new_xslt30_processor()
            try:
                _executables[key] = compiler.compile_stylesheet(stylesheet_file=str(xslt))
            except Exception as exc:  # saxonche raises PySaxonApiError with the compiler's message
                raise SchematronError(f"Saxon cannot compile {xslt}: {exc}") from exc
        return _executables[key]


def phase_for_subtype(subtype: str) -> str:
    return f"eforms-{subtype}"


def notice_subtype(notice: bytes) -> str:
    """The notice subtype (``16``, ``29`` …) written in the notice."""
    tree = etree.fromstring(notice)
    codes = tree.xpath("//*[local-name()='NoticeSubType']/*[local-name()='SubTypeCode']/text()")
    if not codes:
        raise SchematronError("the notice has no NoticeSubType/SubTypeCode")
    return str(codes[0]).strip()


def validate_notice(sdk: Path, notice: bytes, on: date, phase: str | None = None) -> list[FailedAssert]:
    """The failed asserts of a notice against its subtype's phase, with ``current-date()`` being ``on``."""
    chosen = phase or phase_for_subtype(notice_subtype(notice))
    executable = _executable(cached_phase(sdk, chosen))
    processor = _saxon()
    with _lock:
        try:
            document = processor.parse_xml(xml_text=notice.decode("utf-8"))
            executable.set_parameter(TODAY_PARAM, processor.make_string_value(on.isoformat()))
            executable.set_global_context_item(xdm_item=document)
            result = executable.transform_to_string(xdm_node=document)
        except Exception as exc:
            raise SchematronError(f"Schematron validation failed to run: {exc}") from exc
    if result is None:
        raise SchematronError("Schematron validation returned nothing")
    report = etree.fromstring(result.encode("utf-8"))
    return [
        FailedAssert(
            id=f.get("id", ""),
            role=f.get("role", ""),
            location=f.get("location", ""),
            text=f.text or "",
            pattern=f.get("pattern", ""),
            field=f.get("field", ""),
            diagnostic=f.get("diagnostic", ""),
        )
        for f in report.iter(f"{{{OUT_NS}}}failed")
    ]
