from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark dataset generator and `make bench`; never installed in production."""

    name = "bench"
    verbose_name = "Bench"
