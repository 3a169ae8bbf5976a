"""A pipeline of named components over one document type (:class:`~conflictwatch.records.Analysis`).

Modelled on spaCy: each component is created by a factory registered under a
versioned name (``"nlp.sentences.v1"``) and declares which ``Analysis`` fields
it requires and which it assigns, so a pipeline checks its own order when it is
built.  The built-in components are registered explicitly in
:mod:`conflictwatch.components` (never as an import side effect), through the
same :func:`register` call a plugin would use.

    >>> from conflictwatch.pipeline import build_pipeline
    >>> nlp = build_pipeline()            # the default English pipeline
    >>> analysis = nlp(document)          # Document -> Analysis
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional, Protocol, Sequence

from conflictwatch.errors import ConflictwatchError
from conflictwatch.records import Analysis, Document

__all__ = [
    "Component",
    "ComponentSpec",
    "PipelineError",
    "Pipeline",
    "register",
    "registry",
    "build_pipeline",
    "DEFAULT_PIPELINE",
]


class PipelineError(ConflictwatchError):
    """A pipeline was assembled wrongly (unknown component, wrong order)."""


class Component(Protocol):
    def __call__(self, analysis: Analysis) -> Analysis: ...


@dataclass(frozen=True)
class ComponentSpec:
    name: str  # versioned factory name, e.g. "nlp.sentences.v1"
    factory: Callable[..., Component]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    description: str = ""


_ANALYSIS_FIELDS = {f.name for f in dataclasses.fields(Analysis)}


class _Registry:
    def __init__(self) -> None:
        self._specs: dict[str, ComponentSpec] = {}

    def add(self, spec: ComponentSpec) -> None:
        for f in spec.requires + spec.assigns:
            if f not in _ANALYSIS_FIELDS:
                raise PipelineError(f"component {spec.name!r} names unknown Analysis field {f!r}")
        self._specs[spec.name] = spec

    def get(self, name: str) -> ComponentSpec:
        self._ensure_builtins()
        try:
            return self._specs[name]
        except KeyError:
            known = ", ".join(sorted(self._specs))
            raise PipelineError(f"unknown component {name!r}; registered: {known}") from None

    def names(self) -> list[str]:
        self._ensure_builtins()
        return sorted(self._specs)

    def _ensure_builtins(self) -> None:
        if not any(s.name.startswith("nlp.") for s in self._specs.values()):
            from conflictwatch import components

            components.register_builtins(register)


registry = _Registry()


def register(
    name: str,
    factory: Callable[..., Component],
    *,
    requires: Sequence[str] = (),
    assigns: Sequence[str] = (),
    description: str = "",
) -> ComponentSpec:
    """Register a component factory under a versioned name (plugins use this too)."""
    spec = ComponentSpec(name, factory, tuple(requires), tuple(assigns), description)
    registry.add(spec)
    return spec


# The default pipeline, in order: each passage is analysed in its own language (English, French).
DEFAULT_PIPELINE: tuple[str, ...] = (
    "nlp.sentences.v1",
    "nlp.language.v1",
    "geo.toponyms.v1",
    "geo.resolver.v1",
    "actors.matcher.v2",
    "nlp.dates.v1",
    "nlp.quantities.v1",
    "nlp.triggers.v1",
    "events.builder.v1",
)


class Pipeline:
    """Named components applied in order to a :class:`Document`."""

    def __init__(self, components: Sequence[tuple[ComponentSpec, Component]]):
        self._components = list(components)
        self._check_order()

    @property
    def names(self) -> list[str]:
        return [spec.name for spec, _ in self._components]

    @property
    def version(self) -> str:
        """Identifies exactly which logic produced a result (stored with every event)."""
        from conflictwatch import __version__

        return f"conflictwatch-{__version__}:" + "+".join(self.names)

    def _check_order(self) -> None:
        available = {"document"}
        for spec, _ in self._components:
            missing = [r for r in spec.requires if r not in available]
            if missing:
                raise PipelineError(
                    f"component {spec.name!r} requires {missing} but no earlier component assigns them; "
                    f"order: {self.names}"
                )
            available.update(spec.assigns)

    def __call__(self, document: Document) -> Analysis:
        analysis = Analysis(document=document)
        for spec, component in self._components:
            analysis = component(analysis)
            analysis = dataclasses.replace(analysis, done=analysis.done + (spec.name,))
        return analysis

    def pipe(self, documents: Iterable[Document]) -> Iterable[Analysis]:
        for doc in documents:
            yield self(doc)


def build_pipeline(
    names: Optional[Sequence[str]] = None, config: Optional[dict[str, dict[str, Any]]] = None
) -> Pipeline:
    """Create the components (loading their knowledge once) and check their order."""
    config = config or {}
    built = []
    for name in names or DEFAULT_PIPELINE:
        spec = registry.get(name)
        built.append((spec, spec.factory(**config.get(name, {}))))
    return Pipeline(built)
