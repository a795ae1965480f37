"""Text shared between articles (reuse), used by imports and by compare."""
