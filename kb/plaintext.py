"""User Markdown as readable plain text, for places that show no HTML.

Calendar programs show an event's DESCRIPTION as text, search engines read the
``description`` of structured data as text: there the Markdown's structure has to survive
without its markup. Built from the same token stream as the HTML
(:func:`kb.markdown.markdown_tokens`), so a link that the HTML drops is dropped here too:

- paragraphs, headings, code blocks and block quotes: blocks separated by a blank line
  (quotes and nested blocks indented by two spaces);
- lists: "- item" and "1. item" (from the list's own start number), nested lists indented;
- links: "text (URL)", or only the URL when that is the text; relative links are made
  absolute against ``base_url`` when one is given, since a calendar has no page to be
  relative to;
- tables: one line a row, cells separated by " | ";
- emphasis, strike-through and inline code: the text alone; a line break in the source is
  a space, as in the HTML (a hard break stays a line break).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urljoin

from markdown_it.tree import SyntaxTreeNode

from kb.markdown import markdown_tokens

__all__ = ["markdown_to_text"]

_INDENT = "  "
_BLANK_LINE = "\n\n"


# Calendar feeds convert up to 500 descriptions a request (about 1.7 ms for 2 kB each);
# the same texts come again with every refresh, so each worker keeps recent results.
@lru_cache(maxsize=512)
def markdown_to_text(text: str, base_url: str | None = None) -> str:
    """The Markdown `text` as plain text (see the module docstring); "" for no text."""
    tokens = markdown_tokens(text)
    if isinstance(tokens, str):
        # Beyond the bounds the HTML shows the text as typed; so does the text.
        return tokens.strip()
    # Only blank lines go: a quote's first line keeps its indent.
    return _BLANK_LINE.join(_blocks(SyntaxTreeNode(tokens), base_url)).strip("\n")


def _blocks(node: SyntaxTreeNode, base_url: str | None) -> list[str]:
    blocks: list[str] = []
    for child in node.children:
        if child.type in ("paragraph", "heading"):
            blocks.append(_inline_children(child, base_url))
        elif child.type in ("bullet_list", "ordered_list"):
            blocks.append(_list(child, base_url))
        elif child.type == "blockquote":
            blocks.append(_indent(_BLANK_LINE.join(_blocks(child, base_url)), _INDENT))
        elif child.type in ("fence", "code_block"):
            blocks.append(child.content.rstrip("\n"))
        elif child.type == "table":
            blocks.append(_table(child, base_url))
        # hr: the blank line between the blocks around it already separates them
    return [block for block in blocks if block.strip()]


def _list(node: SyntaxTreeNode, base_url: str | None) -> str:
    ordered = node.type == "ordered_list"
    number = int(str(node.attrGet("start") or 1))
    # Tight lists (no blank lines between items) hide their paragraphs; keep them tight.
    tight = any(
        block.hidden
        for item in node.children
        for block in item.children
        if block.type == "paragraph"
    )
    separator = "\n" if tight else _BLANK_LINE
    items = []
    for item in node.children:
        marker = f"{number}. " if ordered else "- "
        number += 1
        body = separator.join(_blocks(item, base_url))
        items.append(marker + _indent(body, " " * len(marker), first=False))
    return separator.join(items)


def _table(node: SyntaxTreeNode, base_url: str | None) -> str:
    rows = [row for row in node.walk() if row.type == "tr"]
    return "\n".join(
        " | ".join(_inline_children(cell, base_url) for cell in row.children) for row in rows
    )


def _inline_children(node: SyntaxTreeNode, base_url: str | None) -> str:
    text = "".join(_inline(child, base_url) for child in node.children)
    return "\n".join(line.strip() for line in text.splitlines())


def _inline(node: SyntaxTreeNode, base_url: str | None) -> str:
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type == "softbreak":
        # A line break in the source is a space in the text, as in the HTML: calendar
        # programs wrap lines themselves. Only a hard break ("  " or "\\") breaks the line.
        return " "
    if node.type == "hardbreak":
        return "\n"
    content = "".join(_inline(child, base_url) for child in node.children)
    if node.type == "link":
        href = str(node.attrGet("href") or "")
        shown = (urljoin(base_url, href) if base_url else href).removeprefix("mailto:")
        if content.strip() in (href, shown):  # an autolink, or a link named by its URL
            return shown
        return f"{content} ({shown})"
    return content  # inline, em, strong, s: the text without the markers


def _indent(text: str, prefix: str, *, first: bool = True) -> str:
    lines = text.split("\n")
    return "\n".join(
        line if (index == 0 and not first) or not line else prefix + line
        for index, line in enumerate(lines)
    )
