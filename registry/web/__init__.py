"""Blueprints, one per area, and the hooks every page shares."""
