"""Launch manifest planner: satellite constellations, rockets, factories and pads to a manifest."""

__version__ = "0.1.0"
