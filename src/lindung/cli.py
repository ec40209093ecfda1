"""The ``lindung`` console script: Django's manage.py for this project (``lindung demo``, ``lindung token``...)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    from django.core.management import execute_from_command_line

    from lindung.env import ConfigError  # noqa: PLC0415 - after DJANGO_SETTINGS_MODULE is set

    try:
        execute_from_command_line(["lindung", *(sys.argv[1:] if argv is None else argv)])
    except ConfigError as exc:  # a setting refused at start-up: say which and why, without a traceback
        sys.exit(f"Konfigurasi ditolak: {exc}")


if __name__ == "__main__":
    main()
