"""``make bench`` and what only it needs; not part of the installed product.

Run from a checkout: ``python -m benchmarks.bench`` (``make bench``). The product keeps one hook,
:mod:`accord.timing`, which logs each step's time when ``ACCORD_TIMINGS`` is set.
"""
