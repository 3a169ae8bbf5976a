"""Text stage: decode raw bytes, extract the main text, drop page furniture, read metadata.

``clean(raw)`` returns a :class:`Document` or a :class:`Rejected` saying why.
"""

from conflictwatch.text.clean import clean
from conflictwatch.text.html import extract_main_text
from conflictwatch.text.language import detect_language
from conflictwatch.text.pubdate import estimate_publication_date

__all__ = ["clean", "extract_main_text", "detect_language", "estimate_publication_date"]
