"""The one registry of per-article annotators.

An annotator is a pure function ``(article, ctx) -> list[Span]`` registered once
under a versioned name ('time.rules.v1') with the layer it ``assigns`` and the
layers it ``requires``.  A duplicate name, a name without a version, or a
pipeline whose requirements are not met is an error when the pipeline is built,
not halfway through a corpus.  When one article fails in one annotator, the
error is recorded and the batch carries on.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from khabar.model import Article, Span

AnnotatorFn = Callable[[Article, "Context"], list[Any]]
_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.v\d+$")


@dataclass(slots=True)
class Annotator:
    name: str
    fn: AnnotatorFn
    assigns: str
    requires: tuple[str, ...] = ()
    doc: str = ""


@dataclass(slots=True)
class Context:
    """What an annotator may read besides the article: earlier layers and options.

    ``ref`` is what relative expressions are resolved against: an ISO date/datetime
    string (the article's stated publication date, or ``--ref``), or a TimeValue
    (a date a corpus pass inferred, possibly partial: 'a Monday in 2025'), or
    None (then relative values stay underspecified: never a guessed year).
    """

    layers: dict[str, list[Any]] = field(default_factory=dict)
    ref: Any = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class AnnotationError:
    article_id: str
    annotator: str
    error: str


_REGISTRY: dict[str, Annotator] = {}


def annotator(name: str, *, assigns: str, requires: Sequence[str] = ()) -> Callable[[AnnotatorFn], AnnotatorFn]:
    """Decorator: register ``fn`` as annotator ``name``."""

    def deco(fn: AnnotatorFn) -> AnnotatorFn:
        if not _NAME.match(name):
            raise ValueError(f"annotator name {name!r} must look like 'layer.method.v1'")
        old = _REGISTRY.get(name)
        if old is not None and old.fn is not fn and (old.fn.__module__, old.fn.__qualname__) != (
            fn.__module__,
            fn.__qualname__,
        ):
            raise ValueError(f"annotator {name!r} is already registered by {old.fn.__module__}")
        _REGISTRY[name] = Annotator(name, fn, assigns, tuple(requires), (fn.__doc__ or "").strip().split("\n")[0])
        return fn

    return deco


def discover() -> None:
    """Import every module of khabar.extract so their annotators register."""
    import khabar.extract as pkg

    for mod in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        if mod.name.endswith(".registry"):
            continue
        importlib.import_module(mod.name)


def registered() -> list[Annotator]:
    discover()
    return sorted(_REGISTRY.values(), key=lambda a: a.name)


def pipeline(names: Sequence[str] | None = None) -> list[Annotator]:
    """Annotators in dependency order; by default one per layer (the highest version)."""
    discover()
    if names is None:
        best: dict[str, Annotator] = {}
        for a in _REGISTRY.values():
            cur = best.get(a.assigns)
            if cur is None or _version(a.name) > _version(cur.name):
                best[a.assigns] = a
        chosen = list(best.values())
    else:
        missing = [n for n in names if n not in _REGISTRY]
        if missing:
            raise ValueError(f"unknown annotators: {', '.join(missing)}")
        chosen = [_REGISTRY[n] for n in names]
    ordered: list[Annotator] = []
    have: set[str] = set()
    pending = sorted(chosen, key=lambda a: a.name)
    while pending:
        ready = [a for a in pending if all(r in have for r in a.requires)]
        if not ready:
            need = {r for a in pending for r in a.requires if r not in have}
            msg = f"annotators {[a.name for a in pending]} require layers nobody assigns: {sorted(need)}"
            if names is not None:
                raise ValueError(msg)
            warnings.warn(msg, stacklevel=2)  # default pipeline: run what can run
            break
        for a in ready:
            ordered.append(a)
            have.add(a.assigns)
            pending.remove(a)
    return ordered


def _version(name: str) -> int:
    return int(name.rsplit(".v", 1)[1])


def run_pipeline(
    article: Article, annotators: Sequence[Annotator], ctx: Context | None = None
) -> tuple[dict[str, list[Span]], list[AnnotationError]]:
    """Run annotators over one article; a failing one is recorded, the others go on."""
    ctx = ctx or Context()
    errors: list[AnnotationError] = []
    for a in annotators:
        if any(r not in ctx.layers for r in a.requires):
            errors.append(AnnotationError(article.id, a.name, "skipped: a required layer failed"))
            continue
        try:
            ctx.layers[a.assigns] = list(a.fn(article, ctx))
        except Exception as exc:  # one bad article must not kill a batch
            tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
            errors.append(AnnotationError(article.id, a.name, tb))
    return ctx.layers, errors
