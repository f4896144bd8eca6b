"""Output directories written whole or not at all: filled in a temporary sibling, swapped in by renames.

A failure while writing leaves the previous directory as it was and no temporary directory behind.
``write_files`` is for a few text files (plan.json, a generated region); ``new_directory`` for a
directory built file by file (the Pulumi project).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def write_files(out_dir: Path, files: dict[str, str]) -> None:
    """Write the text ``files`` (name -> text) into ``out_dir`` at once; what else it holds is kept."""
    out_dir = Path(out_dir)
    with new_directory(out_dir) as tmp:
        if out_dir.exists():
            for item in out_dir.iterdir():  # keep what other commands wrote there (reports, stacks)
                if item.name not in files:
                    (shutil.copytree if item.is_dir() else shutil.copy2)(item, tmp / item.name)
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")


@contextmanager
def new_directory(out_dir: Path) -> Iterator[Path]:
    """A new, empty temporary sibling of ``out_dir`` to fill; it takes the place of ``out_dir`` when the
    block ends, and is removed if the block or the swap fails."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        yield tmp
        swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def swap_in(new: Path, out_dir: Path) -> None:
    """Put ``new`` at ``out_dir`` by renames only; the old directory is removed once the new one is in place."""
    if not out_dir.exists():
        os.replace(new, out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
    old.rmdir()
    os.replace(out_dir, old)
    try:
        os.replace(new, out_dir)
    except BaseException:
        os.replace(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
