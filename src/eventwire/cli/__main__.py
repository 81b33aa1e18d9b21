"""``python -m eventwire.cli``: the same command as the ``eventwire`` console script."""

from eventwire.cli import main

if __name__ == "__main__":
    main()
