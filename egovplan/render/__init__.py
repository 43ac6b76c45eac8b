"""Renderers: analysis results → text. Nothing here prints; the CLI does."""
