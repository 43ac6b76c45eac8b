"""`python -m egovplan`."""

from egovplan.entry import main

main()
