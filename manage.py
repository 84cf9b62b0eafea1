#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportcenter.settings.base")
    from django.core.management import execute_from_command_line

    if sys.argv[1:2] != ["runserver"]:
        # Commands (migrate, the dataset generator) may wait on the database longer
        # than a web request.
        from supportcenter.database import use_background_timeouts

        use_background_timeouts()

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
