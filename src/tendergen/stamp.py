"""The one timestamp of an output: the date it carries, never the moment it was made.

Every file tendergen writes is a pure function of its inputs. The date in DOCX core properties, PDF metadata and
subset fonts is therefore the document's own date (the programme's ``document_date``, a notice's date) at
midnight UTC; ``SOURCE_DATE_EPOCH``, when set in the environment, overrides the epoch used by the PDF engine's
font subsetting (the reproducible-builds convention).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Stamp:
    """When an output says it was made: ``when`` in document metadata, ``epoch`` for the PDF engine."""

    when: dt.datetime
    epoch: int

    @property
    def day(self) -> dt.date:
        return self.when.date()


def stamp_for(day: dt.date) -> Stamp:
    """The stamp of an output dated ``day``."""
    when = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    epoch = int(env) if env.isdigit() else int(when.timestamp())
    return Stamp(when, epoch)
