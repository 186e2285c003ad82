"""Which files a run lints.

People keep prompts in many layouts: `*.prompty` and `*.prompt` files, a `prompts/`
folder, one folder per pattern with a `system.md` (prompt libraries), Jinja templates
next to the flow code that renders them. The default globs (config.DEFAULT_INCLUDE)
cover those; filters keep out what only looks like a prompt, and golden sets are
taken for what they are:

* project documents — README, CHANGELOG, LICENSE, CONTRIBUTING… — are never picked by
  a walk, and with the default globs nothing under a `docs/` or `doc/` folder is,
  unless it is named as a prompt (`*.prompt`, `*.prompty`, `*.prompt.md`…);
* golden sets (``*.golden.yaml``, or the config's ``eval.golden`` globs) are selected
  as what they are — format ``golden``, checked by the EVAL rules only — never as
  prompts, wherever they sit (``prompts/x.prompty.golden.yaml`` included);
* a bare Jinja template is a prompt unless it renders code: `workflow.yml.jinja2`,
  `setup.py.j2`, `Dockerfile.jinja2` or a template that starts with `#!` is a code
  template (:func:`is_code_template`).

Explicit file arguments are always linted (their format comes from the extension, then
the content), except those matching ``exclude``; one that is not a regular file (a FIFO,
a device) is reported as FMT001 without being read. Walks take regular files only and
do not follow symlinks. With ``only_matching`` (the pre-commit
hooks pass every text file and ``--only-matching``) they go through exactly the same
selection as a walk, so the hook and ``promptlint check`` agree on what a prompt file
is. Inside a git work tree the walk uses ``git ls-files`` so ``.gitignore``d files are
skipped.

A walk also counts *candidates*: files it did not select that look like prompts (a
prompt-ish folder or name, a template extension). The CLI reports them, so a run that
misses a prompt library says so instead of printing "All checks passed".
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from promptlint import gitutil, globs
from promptlint.config import (
    DEFAULT_EXCLUDE,
    DEFAULT_INCLUDE,
    DEFAULT_TEMPLATE_INCLUDE,
    PROMPT_FILE_INCLUDE,
    ConfigResolver,
    ResolvedConfig,
)
from promptlint.errors import PromptlintError
from promptlint.files import is_regular

# Project documents by name. Words that are also prompt names (security, support,
# history) count only in the all-caps form GitHub's community files use.
_PROJECT_DOC = re.compile(
    r"^(?:(?i:readme|changelog|changes|license|licence|copying|notice|contributing|code_of_conduct|authors"
    r"|contributors|maintainers|codeowners)|SECURITY|SUPPORT|HISTORY|GOVERNANCE)"
    r"(?:[.-][A-Za-z0-9_-]+)*?(?:\.(?i:md|markdown|mdx|txt|rst|adoc))?$"
)
_DOC_FOLDERS = frozenset({"docs", "doc"})
# Extensions a rendered template can have that make it code or a document, not a prompt.
_CODE_EXTENSIONS = frozenset(
    """yml yaml json toml ini cfg conf config env properties xml html htm xhtml css scss js mjs cjs ts tsx jsx vue
    py pyi sh bash zsh fish ps1 psm1 bat cmd rb go rs java kt scala cs c h cpp hpp swift php pl lua r sql tf
    tfvars hcl nomad service socket timer spec md markdown rst adoc tex csv tsv dockerfile mk cmake gradle
    nginx vcl j2 jinja jinja2""".split()
)
_CODE_NAMES = frozenset(
    "dockerfile containerfile makefile gnumakefile jenkinsfile vagrantfile procfile caddyfile gemfile "
    "rakefile brewfile justfile tiltfile earthfile".split()
)
# "prompt" as a word of a file name (`system_prompt`, `prompts.md`), not `promptflow`.
_PROMPT_WORD = re.compile(r"(?<![a-z])prompts?(?![a-z])", re.I)
_TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")
_PROMPTISH_FOLDERS = frozenset(
    {"prompts", "prompt", "patterns", "agents", "personas", "assistants", "instructions", "system_prompts"}
)
# File names that say "prompt" without the word (`system.md` outside a known layout).
_PROMPTISH_STEMS = frozenset({"system", "user", "assistant", "developer", "instructions", "instruction", "persona"})
_CANDIDATE_EXTENSIONS = frozenset({".md", ".markdown", ".mdx", ".txt", ".j2", ".jinja", ".jinja2", ".hbs"})


@dataclass
class Discovery:
    """What a run selected, and what it walked past that may be a prompt."""

    files: list[Path] = field(default_factory=list)
    candidates: list[Path] = field(default_factory=list)
    walked: int = 0


def is_project_doc(name: str) -> bool:
    return bool(_PROJECT_DOC.match(name))


def is_code_template(path: Path, head: bytes | None = None) -> bool:
    """A Jinja template that renders code or a document rather than a prompt.

    ``x.yml.jinja2``/``README.md.j2`` name what they render; ``Dockerfile.jinja2`` and
    a ``#!`` first line are scripts. A bare name such as ``chat.jinja2`` is a prompt.
    """
    stem = path.name
    for suffix in _TEMPLATE_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    if _PROMPT_WORD.search(stem):
        return False  # `system_prompt.md.j2` names a prompt, whatever it renders to
    inner = stem.rsplit(".", 1)[1].lower() if "." in stem else ""
    if inner in _CODE_EXTENSIONS or stem.lower() in _CODE_NAMES or stem.lower().startswith("dockerfile"):
        return True
    if head is None:
        try:
            with path.open("rb") as handle:
                head = handle.read(64)
        except OSError:
            return False
    return head.lstrip(b"\xef\xbb\xbf").startswith(b"#!")


def is_selected(path: Path, config: ResolvedConfig) -> bool:
    """Whether a walk (or the hook) lints ``path`` under ``config``."""
    rel = config.relative(path)
    if excluded(rel, config) or is_project_doc(path.name):
        return False
    if config.is_golden(path):
        return True  # linted as a golden set (format "golden"), never as a prompt
    file = config.file
    if file.extend_include and globs.matches_any(rel, file.extend_include):
        return True
    if file.include is not None:
        return globs.matches_any(rel, file.include)
    if globs.matches_any(rel, PROMPT_FILE_INCLUDE):
        return True
    if _DOC_FOLDERS & set(rel.lower().split("/")[:-1]):
        return False
    if globs.matches_any(rel, DEFAULT_INCLUDE):
        return True
    return globs.matches_any(rel, DEFAULT_TEMPLATE_INCLUDE) and not is_code_template(path)


def excluded(rel: str, config: ResolvedConfig) -> bool:
    return globs.matches_any(rel, DEFAULT_EXCLUDE) or globs.matches_any(rel, config.file.exclude)


def looks_like_prompt(path: Path, rel: str) -> bool:
    """A file a walk skipped that a user would call a prompt (reported, never linted)."""
    if path.suffix.lower() not in _CANDIDATE_EXTENSIONS or is_project_doc(path.name):
        return False
    if path.suffix.lower() in _TEMPLATE_SUFFIXES and is_code_template(path):
        return False
    folders = set(rel.lower().split("/")[:-1])
    if folders & _DOC_FOLDERS:
        return False
    stem = path.name.split(".", 1)[0].lower()
    return bool(_PROMPT_WORD.search(stem)) or stem in _PROMPTISH_STEMS or bool(_PROMPTISH_FOLDERS & folders)


def _loops(path: Path) -> bool:
    """Whether the link chain at ``path`` never ends (Python 3.11's ``resolve()`` raises
    RuntimeError on one, which would surface as an internal error anywhere it is used)."""
    try:
        path.resolve()
    except (RuntimeError, OSError):
        return True
    return False


def discover(paths: Iterable[Path], resolver: ConfigResolver, *, only_matching: bool = False) -> Discovery:
    found: dict[Path, None] = {}
    result = Discovery()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise PromptlintError(f"path not found: {path}")
        if path.is_symlink() and _loops(path):
            raise PromptlintError(f"{path}: symbolic link loop (it resolves to itself)")
        if not path.is_dir():
            # A named file is linted; what is not a regular file (a FIFO, a device, a
            # dangling link) becomes its FMT001 finding, and is never opened blocking.
            config = resolver.for_path(path)
            keep = is_selected(path, config) if only_matching else not excluded(config.relative(path), config)
            if keep:
                found[path] = None
            continue
        for candidate in _walk(path):
            result.walked += 1
            config = resolver.for_path(candidate)
            if is_selected(candidate, config):
                found[candidate] = None
            elif not excluded(config.relative(candidate), config) and looks_like_prompt(
                candidate, config.relative(candidate)
            ):
                result.candidates.append(candidate)
    result.files = list(found)
    return result


def select_staged(paths: Iterable[Path], resolver: ConfigResolver) -> list[Path]:
    """The staged files a ``--staged`` run lints: the same selection as a walk."""
    return [path for path in paths if is_selected(path, resolver.for_path(path))]


def _walk(directory: Path) -> list[Path]:
    """Regular files below ``directory``: no symlinks (a link's target is linted where it
    lives, and a link out of the tree is not read), no FIFOs, devices or sockets."""
    listed = gitutil.listed_files(directory)
    if listed is not None:
        return sorted(p for p in listed if not p.is_symlink() and is_regular(p))
    # Outside git, prune only the folders that are never prompts (the same list a git
    # walk excludes), so both walks select the same files.
    skip = {glob.rstrip("/") for glob in DEFAULT_EXCLUDE}
    files = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        for name in sorted(names):
            path = Path(root) / name
            if not path.is_symlink() and is_regular(path):
                files.append(path)
    return files


def suggest_globs(rel_paths: Iterable[str]) -> list[str]:
    """Short globs that cover ``rel_paths`` (for `promptlint init` and the skipped-files note).

    Files with one name in sibling folders (`patterns/*/system.md`) become one glob, then
    files of one extension in one folder (`flows/chat/*.jinja2`); the rest stay as they are.
    Most files covered first.
    """
    paths = sorted(set(rel_paths))
    by_name: dict[tuple[str, str], list[str]] = {}
    for rel in paths:
        parts = rel.split("/")
        if len(parts) >= 2:
            by_name.setdefault(("/".join(parts[:-2]), parts[-1]), []).append(rel)
    covered: set[str] = set()
    out: list[tuple[int, str]] = []
    for (grandparent, name), group in by_name.items():
        if len({g.split("/")[-2] for g in group}) >= 2:
            out.append((len(group), f"{grandparent}/*/{name}" if grandparent else f"*/{name}"))
            covered.update(group)
    by_folder: dict[tuple[str, str], list[str]] = {}
    for rel in paths:
        if rel not in covered and "." in rel.rsplit("/", 1)[-1]:
            folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
            by_folder.setdefault((folder, rel.rsplit(".", 1)[1]), []).append(rel)
    for (folder, ext), group in by_folder.items():
        if len(group) >= 2:
            out.append((len(group), f"{folder}/*.{ext}" if folder else f"*.{ext}"))
            covered.update(group)
    out.extend((1, rel) for rel in paths if rel not in covered)
    return [glob for _, glob in sorted(out, key=lambda item: (-item[0], item[1]))]
