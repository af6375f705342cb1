"""Reviewing spec changes: a semantic diff of two revisions or folders, matched by id, as text, Markdown or JSON.

Pipeline: :mod:`~tendergen.review.source` opens each side (git plumbing or a folder) → the real loader validates
it → :mod:`~tendergen.review.compare` walks the models → :mod:`~tendergen.review.changes` holds the result →
:mod:`~tendergen.review.output` writes it. :mod:`~tendergen.review.textconv` gives a normalised view of one file
for ``git diff``.
"""

from __future__ import annotations

from tendergen.review.changes import Change, ProgrammeDiff, Report, UnitDiff
from tendergen.review.diff import diff

__all__ = ["Change", "ProgrammeDiff", "Report", "UnitDiff", "diff"]
