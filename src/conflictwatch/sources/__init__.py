"""Sources stage: read pages, feeds, WARCs and JSONL into :class:`RawDocument` records.

Bad inputs come back as :class:`Rejected` records (stage ``"sources"``) that
name the input and say why; iteration always goes on.
"""

from conflictwatch.sources.feeds import read_feed
from conflictwatch.sources.files import iter_sources, read_file
from conflictwatch.sources.jsonl import read_jsonl
from conflictwatch.sources.sniff import sniff
from conflictwatch.sources.warc import read_warc

__all__ = ["iter_sources", "read_jsonl", "read_file", "read_feed", "read_warc", "sniff"]
