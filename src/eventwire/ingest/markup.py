"""HTML fragments (feed entry content and summaries) to plain text.

Takes an HTML fragment string; gives its text with paragraphs on their own lines, scripts, styles and
other non-content elements dropped, entities decoded. Uses only the standard library's parser, which
never fails on bad markup.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "head", "title"})
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                    "tr", "table", "section", "article", "header", "footer", "figure", "figcaption", "hr", "pre"})
_ANY_SPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping.append(tag)
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and tag == self._skipping[-1]:
            self._skipping.pop()
        elif tag in _BLOCK and not self._skipping:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            # Newlines in HTML source are just spaces; only block elements break lines.
            self.parts.append(_ANY_SPACE.sub(" ", data))


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment; plain text passes through with whitespace tidied."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(collector.parts).split("\n"))
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()
