"""`python -m assistant` is the `assistant` command."""
from .cli import main

main()
