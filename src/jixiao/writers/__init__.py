"""Renderers of a Scorecard. They never recompute a score."""
