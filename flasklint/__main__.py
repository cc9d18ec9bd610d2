"""`python -m flasklint`: the same as the console script."""

from flasklint.cli.main import main

if __name__ == "__main__":
    main()
