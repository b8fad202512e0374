"""Prefect flows: orchestration only. Each task wraps one call into ``accord``."""
