"""Moving and backing up an instance's work: ``dump_corpus`` and ``load_corpus``.

``records`` holds the format's shared parts, ``dump`` writes a file, ``load`` reads one.

Format "summit-desk-corpus", version 1: JSON lines. The first line is a header
(``{"format", "version", "created"}``), the last an end record with the count of each type
(a file cut short is refused). Each line between is one record, ``{"type": …, …}``, in this
order: outlet, theme, person (with its aliases), article, mention, quote, round (a coding
round with its articles, coders, themes and done marks), annotation (its round, if round
work), reply
(a Web Annotation replying to its annotation's URN),
suggestion (editors' decisions only; open suggestions are recomputed), import (a batch with
its documents), change. Records refer to each other by natural keys — an outlet or theme
by name, a person by slug, an article by the SHA-256 of its text, a user by username —
never by database ids; an annotation is a W3C Web Annotation whose target source is
``urn:summit-desk:article:<hash>``, with Summit Desk's own fields under ``"summit"``.
Each record also carries its ``id`` on the instance it came from, used only to link
records within the file (an accepted suggestion's annotation, a change's object).

Loading into an empty instance (no outlets, articles, people, imports or changes yet;
default themes and users may exist) recreates everything with the ids it had, so the
change history and undo still hold. Loading into an instance that holds work is refused
unless ``merge`` is asked for: then what is already there (same natural key) is kept and
reported, the rest is added, and the change history is not merged (its records describe
the other instance's rows). Missing users are created inactive, with no usable password.
"""
