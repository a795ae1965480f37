"""Getting coverage in: reading what arrived, cleaning it, and the import batches' steps.

``batches`` owns the order of the steps; the rest are plain functions over bytes and text.
"""
