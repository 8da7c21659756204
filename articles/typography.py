"""Typographic quotes for what editors type: “ ” ‘ ’ for the straight " and ' a keyboard gives.

Applied on save to the plain-text fields readers see (headline, standfirst, the photo's alt
text, caption and credit, the correction, an ask's copy), never to the HTML body, whose
attributes must keep their straight quotes. Anything between < and >, or between backticks,
is left as it is all the same, in case an editor types markup or code into one of them.

A quote opens after a space, an opening bracket or a dash, or at the start, and closes
otherwise, so an apostrophe inside a word is a closing one (don’t). An apostrophe before a
digit after a space is elision ('90s becomes ’90s). Primes (5'10") are rare in news copy and
come out as quotes; an editor who needs them types ′ and ″.
"""

import re

# Kept exactly: markup and code.
PROTECTED = re.compile(r"<[^<>]*>|`[^`]*`")
# After these (or at the start) a quote opens.
OPENERS = frozenset("([{\u2014\u2013-/\u201c\u2018")


def typographic(text: str) -> str:
    """`text` with straight quotes and apostrophes made typographic."""
    if "'" not in text and '"' not in text:
        return text
    out, position, before = [], 0, ""
    for protected in PROTECTED.finditer(text):
        segment = _quotes(text[position : protected.start()], before=before)
        out += [segment, protected.group()]
        before = segment[-1:] or before  # a quote after a tag goes by the text before it
        position = protected.end()
    out.append(_quotes(text[position:], before=before))
    return "".join(out)


def _quotes(segment: str, *, before: str) -> str:
    chars, previous = [], before
    for index, char in enumerate(segment):
        if char in "'\"":
            opens = not previous or previous.isspace() or previous in OPENERS
            following = segment[index + 1 : index + 2]
            if char == '"':
                char = "\u201c" if opens else "\u201d"
            elif opens and not following.isdigit():
                char = "\u2018"
            else:
                char = "\u2019"
        chars.append(char)
        previous = char
    return "".join(chars)
