"""Views of the articles app, one module per page family."""
