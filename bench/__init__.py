"""`make bench`: the portal at scale, measured (see bench/run.py and docs/benchmarks.md).

A Django app installed only by the bench and test settings (supportcenter/settings/bench.py
and test.py), never in production: the dataset generator (bench/dataset, the commands
`generate_dataset` and `generate_requests`) and the tooling that drives the portal from
outside (gunicorn + locust) and checks its SQL from inside (the test client against the
bench database).
"""
