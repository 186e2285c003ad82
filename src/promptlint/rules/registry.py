"""The rule registry: built-ins, YAML packs and entry-point plugins, by code and name.

Sources, in load order:

1. :data:`promptlint.rules.builtin.BUILTIN_RULES` (an explicit tuple);
2. the packs shipped with promptlint (the repository's ``rules/`` folder, inside the
   wheel as ``promptlint/_packs``) and the pack folders a config lists (``rule-packs``);
3. entry points in the group ``promptlint.rules``: each loads to a callable returning
   rule classes (or to one rule class).

Plugin and pack rules use their own code prefix; built-in families cannot be reused,
and a duplicate code is an error that names both origins.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from promptlint.errors import PluginError
from promptlint.rules.base import CODE_PATTERN, NAME_PATTERN, Rule, RuleMeta
from promptlint.rules.builtin import BUILTIN_RULES
from promptlint.rules.packs import is_topics_pack, load_pack

ENTRY_POINT_GROUP = "promptlint.rules"
BUILTIN_FAMILIES = frozenset(
    {"WS", "VER", "TOK", "PII", "SEC", "CON", "UNI", "TPL", "FMT", "SUP", "INT", "HYG", "EVAL", "MOD"}
)


@dataclass
class Registry:
    rules: dict[str, type[Rule]] = field(default_factory=dict)  # code -> rule class
    names: dict[str, str] = field(default_factory=dict)  # kebab name -> code
    # Where each rule came from: pack files by content hash, plugins by distribution version.
    signature: str = ""
    # Configured CON001 topic packs (``kind: topics``), validated when the registry is built.
    topic_dirs: tuple[Path, ...] = ()

    def add(self, rule: type[Rule], *, plugin: bool = False) -> None:
        meta: RuleMeta = rule.meta
        if not CODE_PATTERN.match(meta.code):
            raise PluginError(f"rule {meta.code!r} from {meta.origin}: codes are 2-4 capital letters + 3 digits")
        if not NAME_PATTERN.match(meta.name):
            raise PluginError(f"rule {meta.code} from {meta.origin}: name {meta.name!r} must be kebab-case")
        if plugin and family(meta.code) in BUILTIN_FAMILIES:
            raise PluginError(
                f"rule {meta.code} from {meta.origin} uses the built-in family {family(meta.code)}; "
                "third-party rules need their own prefix"
            )
        if meta.code in self.rules:
            other = self.rules[meta.code].meta.origin
            raise PluginError(f"rule code {meta.code} is defined twice: by {other} and by {meta.origin}")
        if meta.name in self.names:
            other = self.rules[self.names[meta.name]].meta.origin
            raise PluginError(f"rule name {meta.name!r} is defined twice: by {other} and by {meta.origin}")
        self.rules[meta.code] = rule
        self.names[meta.name] = meta.code

    def code_for(self, reference: str) -> str | None:
        """A code or a kebab name → the code."""
        ref = reference.strip()
        if ref.upper() in self.rules:
            return ref.upper()
        return self.names.get(ref.lower())

    def select(self, selector: str) -> set[str]:
        """Codes a selector names: ``ALL``, a code, a kebab name, or a code prefix (``WS``, ``VER00``)."""
        ref = selector.strip()
        if ref.upper() == "ALL":
            return set(self.rules)
        code = self.code_for(ref)
        if code:
            return {code}
        prefix = ref.upper()
        return {c for c in self.rules if c.startswith(prefix)} if prefix.isalnum() else set()

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(sorted(self.rules.values(), key=lambda r: r.meta.code))


def family(code: str) -> str:
    return code.rstrip("0123456789")


def shipped_packs_dir() -> Path | None:
    """The packs inside the installed wheel, or the repository's ``rules/`` in a checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_packs", here.parent.parent / "rules"):
        if candidate.is_dir():
            return candidate
    return None


def _pack_dirs(root: Path) -> list[Path]:
    """A pack folder itself (has pack.yaml or rule files), or a folder of pack folders."""
    if (root / "pack.yaml").is_file():
        return [root]
    subdirs = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    return subdirs or [root]


def build_registry(pack_roots: Sequence[Path] = (), *, plugins: bool = True) -> Registry:
    registry = Registry()
    for rule in BUILTIN_RULES:
        registry.add(rule)
    roots: list[Path] = []
    shipped = shipped_packs_dir()
    if shipped is not None:
        roots.append(shipped)
    roots.extend(pack_roots)
    for root in roots:
        if not root.is_dir():
            raise PluginError(f"rule pack folder not found: {root}")
        for directory in _pack_dirs(root):
            if root != shipped and is_topics_pack(directory):
                registry.topic_dirs += (directory.resolve(),)
                continue
            for rule in load_pack(directory):
                registry.add(rule)  # type: ignore[arg-type]
    if registry.topic_dirs:
        from promptlint.contradictions.vocabulary import vocabulary

        vocabulary(registry.topic_dirs)  # a broken topic pack is a config error now, not a crash later
    if plugins:
        for rule in _plugin_rules():
            registry.add(rule, plugin=True)
    registry.signature = _signature(registry, plugins)
    return registry


def _signature(registry: Registry, plugins: bool) -> str:
    import hashlib

    parts = []
    for rule in registry:
        spec = getattr(rule, "spec", None)
        source = getattr(spec, "source_file", None)
        digest = ""
        if source:
            try:
                digest = hashlib.sha256(Path(source).read_bytes()).hexdigest()[:16]
            except OSError:
                digest = "unreadable"
        parts.append(f"{rule.meta.code}:{rule.meta.origin}:{digest}")
    from promptlint.contradictions.vocabulary import shipped_dir

    for folder in (shipped_dir(), *registry.topic_dirs):
        for path in sorted(folder.glob("*.y*ml")) if folder else ():
            parts.append(f"{path.name}:{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}")
    if plugins:
        parts.extend(f"{ep.name}={ep.dist.version if ep.dist else '?'}" for ep in _entry_points())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@cache
def _entry_points() -> tuple[importlib.metadata.EntryPoint, ...]:
    return tuple(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))


def _plugin_rules() -> Iterable[type[Rule]]:
    for entry_point in _entry_points():
        dist = entry_point.dist.name if entry_point.dist else entry_point.value
        try:
            loaded = entry_point.load()
            produced = [loaded] if isinstance(loaded, type) else list(loaded())
        except Exception as exc:
            raise PluginError(
                f"plugin '{entry_point.name}' ({dist}) failed to load: {type(exc).__name__}: {exc}"
            ) from None
        for rule in produced:
            rule_class = rule if isinstance(rule, type) else type(rule)
            meta = getattr(rule_class, "meta", None)
            if not isinstance(meta, RuleMeta) or not callable(getattr(rule_class, "check", None)):
                raise PluginError(f"plugin '{entry_point.name}' ({dist}) returned {rule!r}, which is not a rule")
            if meta.origin == "builtin":
                # Record where the rule came from, for messages and `promptlint rule`.
                rule_class.meta = replace(meta, origin=f"plugin:{dist}")  # type: ignore[misc]
            yield rule_class
