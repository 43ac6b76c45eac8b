"""egovplan: a command-line planner for public-sector policy roadmaps."""

__version__ = "0.1.0"
