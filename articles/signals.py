"""Signals other apps listen to, so that articles never import them."""

from django.dispatch import Signal

# Sent inside the transaction that saved a new version of an article's body;
# kwargs: article, old_body. The annotations app re-anchors its highlights on it.
article_text_changed = Signal()
