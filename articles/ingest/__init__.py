"""Getting coverage in."""
