"""newsnlp: the text engine: plain functions over text and spaCy parses, returning
dataclasses. Imports no Django and no app (``tests/test_architecture.py`` checks).

- ``quotes``: where quotations are (``spans``), who speaks them (``attribution``,
  ``resolution`` …), the vocabulary the models build their choices from.
- ``text``: words (one definition) and shared passages between texts (``reuse``).
- ``pages``: what of a page is the article (``cleaning``, ``furniture``, ``dates``,
  ``webpages``).
- ``anchoring``: a highlight's place in a text, and again after the text changes.
- ``pipeline``: the one spaCy loader (``load_pipeline(name, exclude=…)``).
"""
