"""Wiring: the Matrix client, the event pipeline, the scheduler and the command line."""
