"""Print the fingerprints of the prescribed blocks of a contract standard's official Word files.

Usage: ``python scripts/standard_fingerprints.py <profile.yaml> <folder with the official .docx files>``

For each document of the profile, reads ``<folder>/<template>``, splits it into blocks (articles) the way the
filler does and prints the ``blocks:`` mapping (SHA-256 of each block's normalised text and a short digest per
paragraph) to paste into the profile. With ``--placeholders`` it lists every bracket text with its article and
whether the profile covers it. Prints digests and article keys only, never the standard's text (except, with
``--placeholders``, the bracket texts, for the maintainer's eyes).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

import yaml
from docx import Document

from tendergen.standard.fill import block_fingerprints, placeholder_rule
from tendergen.standard.profile import Profile
from tendergen.standard.wordfile import read_blocks


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--placeholders", action="store_true")
    args = parser.parse_args(argv)
    profile = Profile.model_validate(yaml.safe_load(args.profile.read_text(encoding="utf-8")))
    for key, doc in profile.documents.items():
        document = Document(io.BytesIO((args.folder / doc.template).read_bytes()))
        blocks = read_blocks(document, numbering=doc.numbering, unnumbered=doc.unnumbered)
        if args.placeholders:
            for block in blocks:
                if block.in_toc:
                    continue
                for text in block.texts:
                    for found in re.finditer(r"\[[^\[\]]*\]", text):
                        rule = placeholder_rule(profile, key, block.location, found.group(0))
                        sys.stdout.write(
                            f"{key}\t{block.location}\t{rule.id if rule else '-'}\t{found.group(0)[:90]}\n"
                        )
            continue
        sys.stdout.write(f"  {key}:\n    blocks:\n")
        for article, (sha, paragraphs) in block_fingerprints(blocks).items():
            sys.stdout.write(
                f"      {article!r}:\n        sha256: {sha}\n        paragraphs: [{', '.join(paragraphs)}]\n"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
