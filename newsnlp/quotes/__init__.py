"""Quotations: where they are, who speaks them, and the vocabulary the models share."""
