"""Accord: HR spreadsheets in, signing-ready Word documents and follow-up trackers out."""

__version__ = "0.1.0"
