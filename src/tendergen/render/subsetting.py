"""Font subsetting: WeasyPrint embeds a subset of every font it uses, made by HarfBuzz when it can load
``libharfbuzz-subset`` (HarfBuzz 4.1.0 or newer), and otherwise by fontTools, which costs 1.29x the CPU of
WeasyPrint's part of a cold build (see ``benchmarks/run.py``). WeasyPrint falls back without a word; tendergen
says so, once.

The check mirrors WeasyPrint 70 (``weasyprint/text/ffi.py`` and ``weasyprint/pdf/fonts.py``): the same library
names, found the same way, and ``hb_version_atleast(4, 1, 0)``. It uses ctypes, so it costs no WeasyPrint
import.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from functools import cache
from typing import TextIO

INSTALL = "sudo apt-get install libharfbuzz-subset0"
_SUBSET_NAMES = (
    "libharfbuzz-subset-0",
    "harfbuzz-subset",
    "harfbuzz-subset-0.0",
    "libharfbuzz-subset.so.0",
    "libharfbuzz-subset.0.dylib",
    "libharfbuzz-subset-0.dll",
)
_HARFBUZZ_NAMES = (
    "libharfbuzz-0",
    "harfbuzz",
    "harfbuzz-0.0",
    "libharfbuzz.so.0",
    "libharfbuzz.0.dylib",
    "libharfbuzz-0.dll",
)
MESSAGE = (
    "warning: libharfbuzz-subset (HarfBuzz >= 4.1.0) is not installed, so WeasyPrint subsets the embedded "
    f"fonts with fontTools, which is slower; install it with `{INSTALL}`"
)

_warned = False


def _load(names: tuple[str, ...]) -> ctypes.CDLL | None:
    """The first library of ``names`` that loads (as cffi's ``dlopen`` finds it), or None."""
    for name in names:
        for candidate in (name, ctypes.util.find_library(name)):
            if candidate:
                try:
                    return ctypes.CDLL(candidate)
                except OSError:
                    continue
    return None


@cache
def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz in this process."""
    if _load(_SUBSET_NAMES) is None:
        return False
    harfbuzz = _load(_HARFBUZZ_NAMES)
    if harfbuzz is None:
        return False
    atleast = harfbuzz.hb_version_atleast
    atleast.argtypes = (ctypes.c_uint, ctypes.c_uint, ctypes.c_uint)
    atleast.restype = ctypes.c_int
    return bool(atleast(4, 1, 0))


def warn_once(stream: TextIO | None = None) -> None:
    """Print :data:`MESSAGE` on stderr the first time a process renders without HarfBuzz-subset."""
    global _warned
    if _warned:
        return
    _warned = True
    if not harfbuzz_subset_available():
        (stream or sys.stderr).write(MESSAGE + "\n")


# A build renders in forked worker processes: settle the question in the parent just before it forks, so
# the workers inherit the answer and the warning is printed once per build, not once per worker.
if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=warn_once)
