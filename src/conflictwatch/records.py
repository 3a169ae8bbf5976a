"""Typed records passed between pipeline stages.

Every stage boundary has exactly one record type, defined here and nowhere else:

    sources  -> RawDocument | Rejected
    text     -> Document | Rejected
    nlp      -> Sentence, EntityMention, DateMention, Quantity, TriggerMatch
    geo      -> Place, ResolvedPlace
    actors   -> Actor, ActorMatch
    events   -> Event, Fact
    (all)    -> Extraction (what ``conflictwatch extract --json`` prints)

Records are frozen dataclasses with ``to_dict``/``from_dict`` so that they
round-trip through JSON, the database and other tools unchanged.  Character
offsets (``start``/``end``) always index ``Document.text`` (the clean text),
half-open, in Python ``str`` code points.
"""

from __future__ import annotations

import dataclasses
import hashlib
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Optional

__all__ = [
    "Record",
    "RawDocument",
    "Rejected",
    "PublicationDate",
    "Document",
    "Sentence",
    "EntityMention",
    "DateMention",
    "Quantity",
    "TriggerMatch",
    "Place",
    "ResolvedPlace",
    "Actor",
    "ActorMatch",
    "Evidence",
    "Event",
    "Fact",
    "Extraction",
    "Analysis",
    "content_id",
    "ACLED_COLUMNS",
]


def content_id(raw: bytes) -> str:
    """Stable document id: the SHA-256 of the raw bytes (hex, 64 chars)."""
    return hashlib.sha256(raw).hexdigest()


_HINTS_CACHE: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS_CACHE:
        _HINTS_CACHE[cls] = typing.get_type_hints(cls, globalns=globals())
    return _HINTS_CACHE[cls]


_PLAIN = (str, int, float, bool, type(None))
_PLAN_CACHE: dict[type, tuple[tuple[str, Any], ...]] = {}


def _is_plain(tp: Any) -> bool:
    """True when :func:`_decode` returns values of type ``tp`` unchanged (scalars, optional scalars, Any)."""
    if tp is Any or tp in _PLAIN:
        return True
    origin = typing.get_origin(tp)
    if origin is typing.Union or (origin is not None and str(origin) == "types.UnionType"):
        non_none = [a for a in typing.get_args(tp) if a is not type(None)]
        return len(non_none) != 1 or _is_plain(non_none[0])
    return False


def _decode_plan(cls: type) -> tuple[tuple[str, Any], ...]:
    """(field name, type to decode or None when the value passes unchanged), per record class (cached)."""
    plan = _PLAN_CACHE.get(cls)
    if plan is None:
        hints = _hints(cls)
        plan = tuple((f.name, None if _is_plain(hints[f.name]) else hints[f.name])
                     for f in dataclasses.fields(cls))  # type: ignore[arg-type]
        _PLAN_CACHE[cls] = plan
    return plan


def _encode(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, bytes):
        return None  # raw bytes never go to JSON; they live in the store
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union or (origin is not None and str(origin) == "types.UnionType"):
        non_none = [a for a in args if a is not type(None)]
        return _decode(non_none[0], value) if len(non_none) == 1 else value
    if origin in (tuple, list):
        inner = args[0] if args else Any
        return tuple(_decode(inner, v) for v in value)
    if origin is dict:
        vt = args[1] if len(args) == 2 else Any
        return {k: _decode(vt, v) for k, v in value.items()}
    if isinstance(tp, type) and issubclass(tp, Record) and isinstance(value, dict):
        return tp.from_dict(value)
    return value


class Record:
    """Mixin: JSON-friendly (de)serialisation for the frozen dataclasses below."""

    __slots__ = ()
    # Fields left out of to_dict() (e.g. raw bytes).
    _private: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            if f.name in self._private:
                continue
            out[f.name] = _encode(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        kwargs = {}
        for name, tp in _decode_plan(cls):
            if name in data:
                kwargs[name] = data[name] if tp is None else _decode(tp, data[name])
        return cls(**kwargs)

    def replace(self, **changes):
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]


# ---------------------------------------------------------------------------
# sources
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawDocument(Record):
    """Bytes as read from a source, before any processing.

    ``id`` is ``content_id(raw)``.  ``media_type`` is ``"text/html"`` or
    ``"text/plain"`` (scraped text pages are plain text).  ``published`` is an
    ISO date/datetime string supplied by the source (RSS pubDate, WARC date,
    JSONL ``published``), or None.
    """

    id: str
    uri: str  # where it came from: a path, "path#entry-3" for a feed item, a URL
    raw: bytes
    media_type: str
    origin: str = "file"  # file | rss | atom | warc | jsonl | text
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    language: Optional[str] = None
    encoding: Optional[str] = None
    fetched: Optional[str] = None  # when it was fetched (WARC-Date): an upper bound, not a publication date
    external_id: Optional[str] = None  # caller's id (JSONL "id"), echoed in outputs

    _private: ClassVar[tuple[str, ...]] = ("raw",)


@dataclass(frozen=True, slots=True)
class Rejected(Record):
    """An input that a stage could not process, with the reason (never ``None``)."""

    uri: str
    reason: str
    stage: str  # sources | text | nlp | ...
    doc_id: Optional[str] = None


# ---------------------------------------------------------------------------
# text
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublicationDate(Record):
    """What is known about when a document was published, and how sure we are.

    ``value`` is the best estimate (ISO ``YYYY-MM-DD``) or None when nothing is
    known.  ``precision``: 1 day, 2 week, 3 month or longer (ACLED's
    time_precision scale).  ``year_inferred`` is True when the year was not
    written next to the day/month (e.g. "Correction (Feb. 22)" + "Copyright ©
    2021").  ``latest`` is an upper bound when one is known.  ``basis`` says in
    words where the estimate came from; ``evidence`` are the spans in the clean
    text or the raw page that support it.
    """

    value: Optional[str] = None
    precision: int = 3
    year_inferred: bool = False
    confidence: float = 0.0
    latest: Optional[str] = None
    basis: str = "unknown"
    evidence: tuple[str, ...] = ()  # the literal strings it was read from


@dataclass(frozen=True, slots=True)
class Document(Record):
    """A cleaned document: main text plus metadata.

    ``captions`` are spans of ``text`` that are photo captions (kept, marked,
    deduplicated).  ``dateline`` is the place of the dateline ("NOUAKCHOTT,
    Mauritania") with its span: where the reporter is, not an event location.
    """

    id: str
    uri: str
    text: str
    title: Optional[str] = None
    publisher: Optional[str] = None
    byline: Optional[str] = None
    url: Optional[str] = None
    language: Optional[str] = None
    language_confidence: float = 0.0
    published: PublicationDate = field(default_factory=PublicationDate)
    dateline: Optional[str] = None
    dateline_span: Optional[tuple[int, int]] = None
    captions: tuple[tuple[int, int], ...] = ()
    removed_lines: int = 0  # boilerplate lines dropped
    origin: str = "file"
    media_type: str = "text/plain"


# ---------------------------------------------------------------------------
# nlp
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sentence(Record):
    index: int
    start: int
    end: int
    text: str
    is_caption: bool = False


@dataclass(frozen=True, slots=True)
class EntityMention(Record):
    """A named thing in the text: ``label`` is PLACE, ACTOR, PERSON, ORG, DATE or QUANTITY."""

    text: str
    start: int
    end: int
    label: str
    sentence: int = -1
    kb_id: Optional[str] = None  # actor id or gazetteer id, when linked
    confidence: float = 1.0
    source: str = ""  # component that produced it


@dataclass(frozen=True, slots=True)
class DateMention(Record):
    """A date expression resolved against the publication date.

    ``start_date``/``end_date`` bound the period (ISO dates; equal for a day).
    ``precision`` 1 day, 2 week, 3 month or longer.  ``year_inferred`` is True
    when the year came from context rather than from the expression itself.
    ``relative`` is True for expressions like "last week", "late last year".
    """

    text: str
    start: int
    end: int
    start_date: Optional[str]
    end_date: Optional[str]
    precision: int
    year_inferred: bool = False
    relative: bool = False
    confidence: float = 1.0
    sentence: int = -1


@dataclass(frozen=True, slots=True)
class Quantity(Record):
    """A number of people in the text (e.g. fatalities, troops).

    ``best`` is the most conservative best estimate ("more than 100" -> 100,
    "dozens" -> 12); ``low``/``high`` bound it when the text gives a range.
    ``kind`` says what is counted: killed | wounded | abducted | troops |
    people | other.  ``unit`` is the noun counted ("soldiers", "civilians").
    """

    text: str
    start: int
    end: int
    best: int
    low: Optional[int] = None
    high: Optional[int] = None
    kind: str = "other"
    unit: Optional[str] = None
    approximate: bool = False
    sentence: int = -1
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class TriggerMatch(Record):
    """A phrase that signals an event of an ACLED (sub-)event type."""

    text: str
    start: int
    end: int
    event_type: str
    sub_event_type: str
    trigger_id: str  # id of the knowledge-file entry that matched
    sentence: int = -1
    confidence: float = 1.0


# ---------------------------------------------------------------------------
# geo
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place(Record):
    """A gazetteer entry.  ``kind``: country | admin1 | admin2 | locality | region."""

    id: str  # "gn:2357048", "user:ndaki", "cw:liptako-gourma"
    name: str
    kind: str
    country_iso2: str
    latitude: Optional[float]
    longitude: Optional[float]
    country: Optional[str] = None
    iso_numeric: Optional[int] = None
    region: Optional[str] = None  # ACLED region, e.g. "Western Africa"
    admin1: Optional[str] = None
    admin1_code: Optional[str] = None
    admin2: Optional[str] = None
    admin2_code: Optional[str] = None
    population: int = 0
    feature_code: Optional[str] = None
    source: str = "geonames"
    iso3: Optional[str] = None


@dataclass(frozen=True, slots=True)
class ResolvedPlace(Record):
    """A toponym in the text linked to a gazetteer place.

    ``geo_precision`` follows ACLED: 1 the named town itself, 2 near a town or
    a part of a region, 3 a larger region (admin unit) only.  ``location`` is the
    name written for the ACLED ``location`` column (the original toponym is kept
    even when the coordinates fall back to a larger unit).
    """

    mention: EntityMention
    place: Place
    geo_precision: int
    location: str
    confidence: float
    method: str  # how it was resolved, e.g. "exact+country-context"
    is_dateline: bool = False


# ---------------------------------------------------------------------------
# actors
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor(Record):
    """An actor in the knowledge base.

    ``name`` is the ACLED-style canonical name.  ``inter`` is ACLED's actor
    type: 1 State forces, 2 Rebel groups, 3 Political militias, 4 Identity
    militias, 5 Rioters, 6 Protesters, 7 Civilians, 8 External/other forces.
    ``network``: al-Qaeda | Islamic State | state | other.
    """

    id: str
    name: str
    inter: int
    network: str = "other"
    country_iso2: Optional[str] = None
    aliases: tuple[str, ...] = ()
    parent: Optional[str] = None  # id of the organisation this one is an affiliate of
    description: str = ""


@dataclass(frozen=True, slots=True)
class ActorMatch(Record):
    """A mention of an actor in the text linked to the knowledge base."""

    actor: Actor
    text: str
    start: int
    end: int
    sentence: int = -1
    confidence: float = 1.0
    qualifier: Optional[str] = None  # e.g. "suspected"


# ---------------------------------------------------------------------------
# events
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence(Record):
    """Where a coded field comes from: a span in a document's clean text."""

    field: str
    doc_id: str
    start: int
    end: int
    text: str  # the supporting words
    sentence: str  # the whole sentence they stand in
    sentence_start: int = 0


ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)


@dataclass(frozen=True, slots=True)
class Event(Record):
    """One coded event, in ACLED's export columns plus evidence and confidence.

    ``event_id_cnty`` is stable for the same document and event (ISO3 +
    a hash), so re-running adds nothing.  ``confidence`` maps field names to
    0..1; ``evidence`` has one or more entries per coded field.
    """

    event_id_cnty: str
    doc_id: str
    event_date: Optional[str]
    year: Optional[int]
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str = ""
    inter1: Optional[int] = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: Optional[int] = None
    interaction: Optional[int] = None
    civilian_targeting: str = ""
    iso: Optional[int] = None
    region: str = ""
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    location: str = ""
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    source: str = ""
    source_scale: str = ""
    notes: str = ""
    fatalities: int = 0
    tags: str = ""
    timestamp: int = 0
    # beyond ACLED
    fatalities_low: Optional[int] = None
    fatalities_high: Optional[int] = None
    year_inferred: bool = False
    date_end: Optional[str] = None
    network1: str = ""
    network2: str = ""
    confidence: dict[str, float] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    extractor: str = ""  # versioned name of the logic that produced it

    def acled_row(self) -> dict[str, Any]:
        """The event as one row of ACLED's export columns (in ACLED's order)."""
        return {c: getattr(self, c) for c in ACLED_COLUMNS}


@dataclass(frozen=True, slots=True)
class Fact(Record):
    """A reported fact that is not a single event.

    ``kind``: aggregate_toll | deployment | relation | historical_event.
    ``subject``/``object`` are actor names (canonical where linked); ``value``
    a number (tolls, troop counts); ``relation`` one of cooperation, rivalry,
    allegiance, conflict; ``period`` in words plus ``date_start``/``date_end``.
    """

    id: str
    doc_id: str
    kind: str
    summary: str
    subject: str = ""
    object: str = ""
    relation: str = ""
    value: Optional[int] = None
    unit: str = ""
    place: str = ""
    country: str = ""
    date_start: Optional[str] = None
    date_end: Optional[str] = None
    time_precision: Optional[int] = None
    year_inferred: bool = False
    confidence: float = 0.5
    evidence: tuple[Evidence, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Extraction(Record):
    """Everything extracted from one document: the stable ``extract --json`` shape."""

    document: Document
    events: tuple[Event, ...] = ()
    facts: tuple[Fact, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    sentences: tuple[Sentence, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        doc = self.document.to_dict()
        return {
            "document": doc,
            "events": [e.to_dict() for e in self.events],
            "facts": [f.to_dict() for f in self.facts],
            "entities": [m.to_dict() for m in self.entities],
        }


@dataclass(frozen=True, slots=True)
class Analysis(Record):
    """The one document type that flows through the pipeline's components.

    Each component reads some fields and returns a copy with the fields it
    assigns filled in (see ``conflictwatch.pipeline``).  Empty tuples mean
    "not computed yet or nothing found"; ``done`` lists the components that ran.
    """

    document: Document
    sentences: tuple[Sentence, ...] = ()
    places: tuple[EntityMention, ...] = ()
    resolved_places: tuple[ResolvedPlace, ...] = ()
    actors: tuple[ActorMatch, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    triggers: tuple[TriggerMatch, ...] = ()
    events: tuple[Event, ...] = ()
    facts: tuple[Fact, ...] = ()
    done: tuple[str, ...] = ()
    # language of each sentence (ISO 639-1, parallel to ``sentences``), for mixed-language pages
    languages: tuple[str, ...] = ()

    def entities(self) -> tuple[EntityMention, ...]:
        """All entity mentions (places, actors, dates, quantities) in text order."""
        out: list[EntityMention] = list(self.places)
        for a in self.actors:
            out.append(EntityMention(a.text, a.start, a.end, "ACTOR", a.sentence, a.actor.id, a.confidence, "actors"))
        for d in self.dates:
            out.append(EntityMention(d.text, d.start, d.end, "DATE", d.sentence, None, d.confidence, "dates"))
        for q in self.quantities:
            out.append(EntityMention(q.text, q.start, q.end, "QUANTITY", q.sentence, None, q.confidence, "quantities"))
        out.sort(key=lambda m: (m.start, m.end))
        return tuple(out)

    def extraction(self) -> Extraction:
        return Extraction(
            document=self.document,
            events=self.events,
            facts=self.facts,
            entities=self.entities(),
            sentences=self.sentences,
        )
