"""`python -m egovplan`."""

from egovplan.cli import main

main()
