"""``tendergen diff``: load both sides with the real loader, then compare programmes, units, schedules and Q&A."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tendergen.errors import Problem, SpecError
from tendergen.project import Spec, load_spec
from tendergen.qa import QaRound, load_qa
from tendergen.review.changes import Change, Key, ProgrammeDiff, Report, UnitDiff, status_of
from tendergen.review.compare import compare_models, compare_values, dump
from tendergen.review.schedule import Planner, ScheduleFacts, compare_facts, compare_schedule_data, load_schedule_data
from tendergen.review.source import Side, check_paths, folder_pair, open_side
from tendergen.review.values import euros
from tendergen.spec import Unit


@dataclass
class Loaded:
    """One programme on one side: the spec and what belongs to it."""

    spec: Spec
    schedule: Any = None
    facts: ScheduleFacts | None = None
    qa: tuple[QaRound, ...] = ()


def diff(old: str, new: str, paths: list[str], *, base: Path, planner: Planner | None = None) -> Report:
    """Compare two revisions or folders; raise SpecError (naming the revision) when either side is invalid."""
    check_paths(paths)
    with open_side(old, paths, base) as before, open_side(new, paths, base) as after:
        old_folders, new_folders = folder_pair(before, after)
        problems: list[Problem] = []
        old_loaded = load_side(before, old_folders, planner, problems)
        new_loaded = load_side(after, new_folders, planner, problems)
        if problems:
            raise SpecError(problems)
        ids = sorted({*old_loaded, *new_loaded})
        programmes = [
            compare_programme(old_loaded.get(i), new_loaded.get(i), computed=planner is not None) for i in ids
        ]
        return Report(before.info, after.info, programmes)


def load_side(
    side: Side, folders: dict[str, Path], planner: Planner | None, problems: list[Problem]
) -> dict[str, Loaded]:
    loaded: dict[str, Loaded] = {}
    for name, folder in folders.items():
        try:
            spec = load_spec(folder)
            item = Loaded(spec, load_schedule_data(spec), planner(spec) if planner else None, tuple(load_qa(spec)))
        except SpecError as exc:
            problems.extend(side.rename(p) for p in exc.problems if p.severity == "error")
            continue
        loaded[name] = item
    return loaded


def compare_programme(old: Loaded | None, new: Loaded | None, *, computed: bool = False) -> ProgrammeDiff:
    """All changes of one programme; a programme on one side only is added or removed as a whole."""
    either = new or old
    assert either is not None
    programme = either.spec.programme
    result = ProgrammeDiff(programme.id, programme.title, programme.unit_term, "unchanged", schedule_computed=computed)
    if old is None or new is None:
        result.status = "added" if old is None else "removed"
        result.units = [_whole_unit(unit, result.status) for unit in either.spec.units]
        return result
    result.changes = compare_models(old.spec.programme, new.spec.programme, scope="programme")
    result.units = _compare_units(old.spec, new.spec)
    _detect_moves(result, old.spec, new.spec)
    result.schedule = compare_schedule_data(old.schedule, new.schedule)
    if computed:
        result.schedule += compare_facts(old.facts, new.facts)
    result.qa = _compare_qa(old.qa, new.qa)
    result.status = status_of(result.all_changes())
    return result


def _compare_units(old: Spec, new: Spec) -> list[UnitDiff]:
    before = {unit.id: unit for unit in old.units}
    after = {unit.id: unit for unit in new.units}
    diffs: list[UnitDiff] = []
    for unit_id in [*after, *(i for i in before if i not in after)]:
        if unit_id not in before:
            diffs.append(_whole_unit(after[unit_id], "added"))
        elif unit_id not in after:
            diffs.append(_whole_unit(before[unit_id], "removed"))
        else:
            changes = compare_models(before[unit_id], after[unit_id])
            diffs.append(UnitDiff(unit_id, after[unit_id].name, status_of(changes), changes))
    return diffs


def _whole_unit(unit: Unit, status: str) -> UnitDiff:
    text = unit_summary(unit)
    data = dump(unit)
    if status == "added":
        change = Change("added", (), new=data, new_text=text)
    else:
        change = Change("removed", (), old=data, old_text=text)
    return UnitDiff(unit.id, unit.name, status, [change])  # type: ignore[arg-type]


def unit_summary(unit: Unit) -> str:
    """The key facts of a unit on one line: name, instrument (procedure), funding form, estimated value."""
    instrument = unit.instrument.kind
    procedure = getattr(unit.instrument, "procedure", None) or getattr(unit.instrument, "tender", None)
    parts = [f"“{unit.name}”", f"{instrument} ({procedure})" if procedure else instrument]
    if unit.funding is not None:
        parts.append(unit.funding.form)
    if unit.estimated_value is not None:
        parts.append(euros(unit.estimated_value))
    return ", ".join(parts)


def _detect_moves(result: ProgrammeDiff, old: Spec, new: Spec) -> None:
    """A requirement removed from one unit and added to another (ids are unique per programme) has moved."""
    removed = _requirement_changes(result, "removed")
    added = _requirement_changes(result, "added")
    term = result.unit_term
    replacements: dict[tuple[str, int], list[Change]] = {}
    for req_id in [r for r in added if r in removed]:
        (source, source_index), (target, target_index) = removed[req_id], added[req_id]
        path = ("quality", Key(req_id))
        replacements[(source.id, source_index)] = [Change("moved", path, note=f"to {term} {target.id}")]
        before = next(r for r in old.unit(source.id).quality if r.id == req_id)
        after = next(r for r in new.unit(target.id).quality if r.id == req_id)
        details = [dataclasses.replace(c, path=(*path, *c.path)) for c in compare_models(before, after)]
        replacements[(target.id, target_index)] = [Change("moved", path, note=f"from {term} {source.id}"), *details]
    for unit in result.units:
        unit.changes = [
            new_change
            for index, change in enumerate(unit.changes)
            for new_change in replacements.get((unit.id, index), [change])
        ]


def _requirement_changes(result: ProgrammeDiff, kind: str) -> dict[str, tuple[UnitDiff, int]]:
    found: dict[str, tuple[UnitDiff, int]] = {}
    for unit in result.units:
        if unit.status != "changed":
            continue
        for index, change in enumerate(unit.changes):
            if change.kind == kind and len(change.path) == 2 and change.path[0] == "quality":
                found[str(change.path[1])] = (unit, index)
    return found


def _compare_qa(old: tuple[QaRound, ...], new: tuple[QaRound, ...]) -> list[Change]:
    """Round fields by round number, questions by id (a question may move between rounds)."""

    def rounds(side: tuple[QaRound, ...]) -> dict[str, Any]:
        return {str(r.round): r.model_copy(update={"questions": []}) for r in side}

    def questions(side: tuple[QaRound, ...]) -> dict[str, Any]:
        return {q.id: q for r in side for q in r.questions}

    changes = compare_values(rounds(old), rounds(new), ("rounds",), scope="qa")
    changes += compare_values(questions(old), questions(new), ("questions",), scope="qa")
    return changes
