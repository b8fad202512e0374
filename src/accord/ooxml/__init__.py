"""File-format plumbing, apart from the HR domain: how Accord writes files safely and reproducibly.

Nothing here knows of offers, trackers or rules. The domain packages call it; it calls none of
them (a test reads the imports and says so).
"""
