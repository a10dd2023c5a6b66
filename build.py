"""Build the template workbook, the computed examples and the Excel add-in into dist/."""
import sys

from planae.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
