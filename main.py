"""Start posapp: ``python main.py ARGS`` does exactly what ``posapp ARGS`` does."""

import sys

from posapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
