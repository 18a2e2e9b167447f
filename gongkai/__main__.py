"""`python -m gongkai` is the same as the `gongkai` command."""

from gongkai.manage import main

if __name__ == "__main__":
    main()
