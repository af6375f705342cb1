"""Build eForms XML from the SDK's field metadata (``fields/fields.json``): xpaths, attribute presets, XSD order.

A notice is written by naming SDK nodes (``ND-Lot``) and fields (``BT-21-Lot``) with their values; the xpath of each
comes from the SDK, relative to its parent node, and children are inserted in the XSD sequence order the SDK gives
(``xsdSequenceOrder``), so a notice is built in any order and still comes out in schema order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from tendergen.publish.schematron import SchematronError

NAMESPACES = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
}
ROOTS = {
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2",
    "can": "urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2",
    "pin": "urn:oasis:names:specification:ubl:schema:xsd:PriorInformationNotice-2",
}
ROOT_NAMES = {"cn": "ContractNotice", "can": "ContractAwardNotice", "pin": "PriorInformationNotice"}
_TG = "urn:tendergen:build"
_ORDER = f"{{{_TG}}}o"
_STEP = f"{{{_TG}}}s"
_NODE = f"{{{_TG}}}n"
_ATTR_PRED = re.compile(r"^@([\w:-]+)\s*=\s*'([^']*)'$")


@dataclass(frozen=True)
class _Path:
    steps: tuple[str, ...]
    orders: tuple[int, ...]


def _split_steps(xpath: str) -> list[str]:
    steps, depth, current = [], 0, ""
    for char in xpath:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "/" and depth == 0:
            steps.append(current)
            current = ""
        else:
            current += char
    steps.append(current)
    return [s for s in steps if s]


def _step_parts(step: str) -> tuple[str, dict[str, str]]:
    """The element name of a step and the attribute values its own predicates fix (``[@listName='cpv']``)."""
    name = step.split("[", 1)[0]
    attrs: dict[str, str] = {}
    predicates, depth, current = [], 0, ""
    for char in step[len(name) :]:
        if char == "[":
            depth += 1
            if depth == 1:
                current = ""
                continue
        elif char == "]":
            depth -= 1
            if depth == 0:
                predicates.append(current)
                continue
        current += char
    for predicate in predicates:
        match = _ATTR_PRED.match(predicate.strip())
        if match:
            attrs[match.group(1)] = match.group(2)
    return name, attrs


class FieldMetadata:
    """The SDK's nodes and fields."""

    def __init__(self, sdk: Path) -> None:
        data = json.loads((sdk / "fields" / "fields.json").read_text(encoding="utf-8"))
        self.sdk_version: str = data.get("sdkVersion", "")
        self.nodes: dict[str, dict[str, Any]] = {n["id"]: n for n in data["xmlStructure"]}
        self.fields: dict[str, dict[str, Any]] = {f["id"]: f for f in data["fields"]}
        self.attributes: dict[str, list[dict[str, Any]]] = {}
        for item in data["fields"]:
            if item.get("attributeOf"):
                self.attributes.setdefault(item["attributeOf"], []).append(item)

    def path(self, entry: dict[str, Any]) -> _Path:
        steps = _split_steps(entry["xpathRelative"])
        orders = [10_000] * len(steps)
        for index, order in enumerate(entry.get("xsdSequenceOrder") or []):
            if index < len(orders):
                orders[index] = next(iter(order.values()))
        return _Path(tuple(steps), tuple(orders))


@cache
def metadata(sdk: Path) -> FieldMetadata:
    return FieldMetadata(sdk)


class NoticeWriter:
    """Writes one notice; ``node`` and ``field`` take the SDK ids and the element of the parent node."""

    def __init__(self, meta: FieldMetadata, kind: str) -> None:
        self.meta = meta
        nsmap: dict[str | None, str] = {None: ROOTS[kind]}
        nsmap.update(NAMESPACES)
        self.root = etree.Element(f"{{{ROOTS[kind]}}}{ROOT_NAMES[kind]}", nsmap=nsmap)
        self.root.set(_NODE, "ND-Root")

    def _qname(self, name: str) -> str:
        prefix, local = name.split(":", 1)
        return f"{{{NAMESPACES[prefix]}}}{local}"

    def _descend(self, parent: etree._Element, path: _Path, new_last: bool) -> etree._Element:
        current = parent
        for index, (step, order) in enumerate(zip(path.steps, path.orders, strict=True)):
            last = index == len(path.steps) - 1
            name, attrs = _step_parts(step)
            if name.startswith("@"):
                raise SchematronError(f"attribute step {step} must be set through its element's field")
            tag = self._qname(name)
            found = None
            if not (last and new_last):
                for child in current:
                    if child.tag == tag and child.get(_STEP) == step:
                        found = child
                        break
            if found is None:
                found = etree.Element(tag)
                found.set(_STEP, step)
                found.set(_ORDER, str(order))
                for key, value in attrs.items():
                    found.set(key, value)
                position = len(current)
                for i, sibling in enumerate(current):
                    if int(sibling.get(_ORDER, "10000")) > order:
                        position = i
                        break
                current.insert(position, found)
            current = found
        return current

    def node(self, parent: etree._Element, node_id: str, new: bool = False) -> etree._Element:
        """The element of an SDK node under ``parent`` (an element of one of the node's ancestors); ``new`` adds one.

        Nodes between ``parent``'s node and this one are found or made on the way.
        """
        entry = self.meta.nodes[node_id]
        parent = self._reach(parent, entry.get("parentId", "ND-Root"))
        element = self._descend(parent, self.meta.path(entry), new_last=new)
        element.set(_NODE, node_id)
        return element

    def _reach(self, parent: etree._Element, node_id: str) -> etree._Element:
        """The element of node ``node_id`` at or under ``parent``, made when missing."""
        have = parent.get(_NODE)
        if have == node_id:
            return parent
        chain = [node_id]
        while chain[-1] != have:
            up = self.meta.nodes[chain[-1]].get("parentId")
            if up is None:
                raise SchematronError(f"node {node_id} does not lie under node {have}")
            chain.append(up)
        current = parent
        for step in reversed(chain[:-1]):
            existing = [c for c in current if c.get(_NODE) == step]
            current = existing[-1] if existing else self.node(current, step)
        return current

    def field(self, parent: etree._Element, field_id: str, value: str, **attrs: str) -> etree._Element:
        """Write field ``field_id`` (a new element) under ``parent`` with its preset and given attributes."""
        entry = self.meta.fields[field_id]
        parent = self._reach(parent, entry["parentNodeId"])
        element = self._descend(parent, self.meta.path(entry), new_last=True)
        element.text = value
        for attribute in self.meta.attributes.get(field_id, []):
            if attribute.get("presetValue") and attribute["attributeName"] not in element.attrib:
                element.set(attribute["attributeName"], attribute["presetValue"])
        kind = entry.get("type")
        if kind == "text-multilingual":
            element.set("languageID", attrs.pop("languageID", "NLD"))
        if kind == "amount":
            element.set("currencyID", attrs.pop("currencyID", "EUR"))
        for key, val in attrs.items():
            element.set(key, val)
        return element

    def finish(self) -> bytes:
        for element in self.root.iter():
            element.attrib.pop(_ORDER, None)
            element.attrib.pop(_STEP, None)
            element.attrib.pop(_NODE, None)
        etree.cleanup_namespaces(self.root, top_nsmap={k: v for k, v in self.root.nsmap.items() if k})
        return bytes(etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
