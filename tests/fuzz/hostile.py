"""Hypothesis strategies for hostile input: odd characters, encodings, nesting, absurd dates and coordinates."""

from __future__ import annotations

from hypothesis import strategies as st

ODD_CHARS = ("\x00", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u2066", "\u2069",
             "\u200f", "\ud7ff", "\U0001f4a3", "\ufffd", "\r", "\x0b", "\x1b[31m", "\u0301", "ﷺ", "\u2028")
WORDS = ("Gunmen", "attacked", "Djibo", "Mali", "Burkina", "Faso", "killing", "12", "soldiers", "on", "Monday",
         "JNIM", "Ménaka", "Tillabéri", "hier", "tués", "attaque", "près", "de", "officials", "said", "the", "in")
ABSURD_DATES = ("31 February 2019", "0000-00-00", "9999-12-31", "1 January 99999", "-0001-01-01", "2019-13-45",
                "Monday 32 June", "le 45 juin 2019", "1e308", "NaN", "yesterday tomorrow", "29 February 2023",
                "1970-01-01T00:00:00Z", "2038-01-19T03:14:08Z", "10000-01-01")
ABSURD_NUMBERS = ("1e308", "-1e308", "nan", "inf", "-inf", "999999999999999999999999", "91", "-181", "0x10",
                  "1,5", "", " ", "١٢", "12.5.6", "-0", "4e-400")

odd_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD_CHARS), st.sampled_from(ABSURD_DATES),
              st.text(max_size=12)),
    max_size=60,
).map(" ".join)


def encoded(text_strategy=odd_text):
    """Text encoded with a legacy or broken encoding, or raw bytes."""
    def enc(pair):
        text, codec = pair
        if codec == "raw":
            return text.encode("utf-8", "surrogatepass")[::-1]
        return text.encode(codec, "replace")

    return st.one_of(
        st.tuples(text_strategy, st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16", "utf-8-sig", "raw"])).map(enc),
        st.binary(max_size=400),
    )


TAGS = ("div", "p", "span", "article", "table", "tr", "td", "script", "style", "a", "b", "svg", "math", "title",
        "noscript", "iframe", "template", "figure", "figcaption", "ul", "li", "!--", "![CDATA[", "?xml", "meta")


@st.composite
def html_pages(draw) -> str:
    depth = draw(st.integers(0, 3000)) if draw(st.booleans()) else draw(st.integers(0, 40))
    tag = draw(st.sampled_from(TAGS))
    body = draw(odd_text)
    attrs = draw(st.sampled_from(["", ' class="x"', ' onerror="alert(1)"', ' charset="x-unknown"',
                                   ' style="a:b" id="\u202e"', " a=" + "'" * 3]))
    opener = f"<{tag}{attrs}>" * depth
    closer = f"</{tag}>" * draw(st.integers(0, depth))
    head = draw(st.sampled_from(["", "<!doctype html>", "<html><head><meta charset='cp1252'></head>",
                                 "<?xml version='1.0' encoding='latin-1'?>", "<html><body>", "<html"]))
    return f"{head}{opener}<p>{body}</p>{closer}"
