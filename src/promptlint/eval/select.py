"""Which golden sets a run covers.

* named golden sets run; a named prompt runs its golden sets; a named folder runs every
  golden set under it; with ``only_matching`` (the pre-commit hook passes every staged
  file) a named file that is neither is ignored, otherwise it is an error;
* ``--all``: every golden set under the current folder;
* nothing named: the golden sets of the prompts changed against HEAD — in the work
  tree, or in the index with ``--staged`` — and the golden sets changed themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from promptlint import gitutil
from promptlint.errors import PromptlintError
from promptlint.golden import GoldenIndex


def select(
    paths: Sequence[Path],
    index: GoldenIndex,
    *,
    every: bool = False,
    staged: bool = False,
    only_matching: bool = False,
    cwd: Path | None = None,
) -> list[Path]:
    cwd = (cwd or Path.cwd()).resolve()
    found: dict[Path, None] = {}
    if paths:
        for path in paths:
            full = (cwd / path).resolve()
            if full.is_dir():
                found.update(dict.fromkeys(index.all_golden_sets([full])))
                continue
            if not full.exists() and index.read(full) is None:
                if only_matching:
                    continue
                raise PromptlintError(f"path not found: {path}")
            _add(full, index, found, strict=not only_matching, shown=str(path))
        return list(found)
    if every:
        return index.all_golden_sets([cwd])
    root = gitutil.toplevel(cwd)
    if root is None:
        raise PromptlintError(
            "with no paths, promptlint eval runs the golden sets of changed prompts, which needs a git "
            "repository: name golden sets or prompts, or use --all"
        )
    for path in gitutil.changed_files(root, staged=staged):
        _add(path.resolve(), index, found, strict=False, shown=str(path))
    return list(found)


def _add(path: Path, index: GoldenIndex, found: dict[Path, None], *, strict: bool, shown: str) -> None:
    if index.resolver.file_for(path).is_golden(path):
        found[path] = None
        return
    sets = index.golden_sets_of(path)
    if not sets and strict:
        raise PromptlintError(
            f"no golden set for {shown}: add {path.name}.golden.yaml beside it, "
            "or a golden set matched by [tool.promptlint.eval] golden that names it in `prompt:`"
        )
    found.update(dict.fromkeys(sets))
