"""`make bench`: the portal at scale, measured (see bench/run.py and docs/benchmarks.md).

Not a Django app: tooling that drives the portal from outside (gunicorn + locust) and
checks its SQL from inside (the test client against the bench database).
"""
