"""``python -m xl_dti``: the same command line as ``xl-dti``."""

from xl_dti.cli import main

main()
