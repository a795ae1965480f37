/*
 * Offsets in Summit Desk are Python string indices: Unicode code points into Article.body.
 * The DOM counts UTF-16 code units, so a character outside the Basic Multilingual Plane
 * (an emoji, a rare CJK ideograph) is one position on the server and two in the browser.
 * These helpers convert between the two, and map a DOM selection inside
 * [data-article-body] to code-point offsets into the body.
 */
(function () {
  "use strict";

  function codePointsBefore(text, utf16Index) {
    let count = 0;
    for (let i = 0; i < utf16Index && i < text.length; i++) {
      const unit = text.charCodeAt(i);
      // The second half of a surrogate pair does not start a new code point.
      if (!(unit >= 0xdc00 && unit <= 0xdfff && i > 0 && isHighSurrogate(text.charCodeAt(i - 1)))) {
        count++;
      }
    }
    return count;
  }

  function isHighSurrogate(unit) {
    return unit >= 0xd800 && unit <= 0xdbff;
  }

  function utf16IndexOf(text, codePointIndex) {
    let index = 0;
    for (let seen = 0; seen < codePointIndex && index < text.length; seen++) {
      index += text.codePointAt(index) > 0xffff ? 2 : 1;
    }
    return index;
  }

  /* The UTF-16 offset of (node, offset) within root's textContent. */
  function textOffsetWithin(root, node, offset) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let total = 0;
    if (node.nodeType !== Node.TEXT_NODE) {
      // A boundary between children: count the text of the children before it.
      const range = document.createRange();
      range.setStart(root, 0);
      range.setEnd(node, offset);
      return range.toString().length;
    }
    while (walker.nextNode()) {
      if (walker.currentNode === node) return total + offset;
      total += walker.currentNode.data.length;
    }
    return -1;
  }

  /* {start, end, exact} in code points for the current selection inside root, or null. */
  function selectionOffsets(root) {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
    const text = root.textContent;
    const start16 = textOffsetWithin(root, range.startContainer, range.startOffset);
    const end16 = textOffsetWithin(root, range.endContainer, range.endOffset);
    if (start16 < 0 || end16 <= start16) return null;
    return {
      start: codePointsBefore(text, start16),
      end: codePointsBefore(text, end16),
      exact: text.slice(start16, end16),
    };
  }

  /* The DOM point (text node, offset) at a UTF-16 offset of root's textContent. */
  function pointAt(root, offset) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let total = 0;
    let last = null;
    while (walker.nextNode()) {
      last = walker.currentNode;
      if (total + last.data.length >= offset) return [last, offset - total];
      total += last.data.length;
    }
    return last ? [last, last.data.length] : [root, 0];
  }

  /* Select root's text from start to end (UTF-16 offsets). */
  function selectText(root, start, end) {
    const range = document.createRange();
    const [startNode, startOffset] = pointAt(root, start);
    const [endNode, endOffset] = pointAt(root, end);
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return selection;
  }

  window.SummitDesk = Object.assign(window.SummitDesk || {}, {
    codePointsBefore: codePointsBefore,
    utf16IndexOf: utf16IndexOf,
    selectionOffsets: selectionOffsets,
    textOffsetWithin: textOffsetWithin,
    selectText: selectText,
  });
})();
