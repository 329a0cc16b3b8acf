"""Exit 0 when a PostgreSQL server answers at the given URL (its maintenance database)."""

import sys

import psycopg


def main() -> int:
    url = sys.argv[1]
    base = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(base, connect_timeout=3):
            return 0
    except psycopg.OperationalError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
