"""eventwire: news reports in, structured, geolocated, evidence-backed conflict events out."""

__version__ = "0.1.0"
