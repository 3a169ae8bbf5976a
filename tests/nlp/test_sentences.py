from conflictwatch.nlp.sentences import sentence_index, split_sentences


def texts(t):
    return [s.text for s in split_sentences(t)]


def test_abbreviations_do_not_split():
    t = "The area is large, said Brig. Gen. Dagvin Anderson, head of the U.S. military's arm. He left on Feb. 3 for Dakar."
    assert texts(t) == [
        "The area is large, said Brig. Gen. Dagvin Anderson, head of the U.S. military's arm.",
        "He left on Feb. 3 for Dakar.",
    ]


def test_offsets_index_the_text():
    t = "First one. Second one!\n\nThird “quoted.” Fourth."
    for s in split_sentences(t):
        assert t[s.start : s.end] == s.text
    assert texts(t) == ["First one.", "Second one!", "Third “quoted.”", "Fourth."]


def test_line_breaks_end_sentences_and_captions_are_marked():
    t = "Body sentence here\nFrench soldiers patrol in Gao. (A. Photographer/Reuters)"
    cap_start = t.index("French")
    ss = split_sentences(t, captions=[(cap_start, len(t))])
    assert ss[0].text == "Body sentence here" and not ss[0].is_caption
    assert all(s.is_caption for s in ss[1:])


def test_initials_and_lowercase_continuations():
    t = "J. Smith said U.S. and local officials met. They agreed."
    assert texts(t) == ["J. Smith said U.S. and local officials met.", "They agreed."]


def test_sentence_index():
    t = "One. Two. Three."
    ss = split_sentences(t)
    assert sentence_index(ss, t.index("Two")) == 1
    assert sentence_index(ss, t.index("Three") + 2) == 2
    assert sentence_index(ss, 4) == -1  # the space between sentences
