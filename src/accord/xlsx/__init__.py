"""Spreadsheet file format for the trackers: streaming reader and writer, openpyxl internals.

Nothing here knows what a tracker holds (its headers, statuses or sheets: ``accord.tracker``);
the tracker calls this package, never the other way round.
"""
