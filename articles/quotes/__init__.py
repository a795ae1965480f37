"""The quote pipeline: spans → attribution → resolution, over spaCy parses (``extraction``),
and ``analysis``, which runs it on stored articles and writes what it found."""
