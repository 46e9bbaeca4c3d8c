"""Entry script of the bundled app: the same `frontdesk` command as the installed console script."""

import multiprocessing
import sys

from frontdesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen app must not re-run itself if any library starts a process
    sys.exit(main())
