"""Command line: ``python -m mlp_lib.exercises student OUT_DIR [--book DIR]``
writes the student notebooks; ``python -m mlp_lib.exercises list`` lists the exercises."""
import argparse
import sys
from pathlib import Path

from . import BOOK_DIR, EXERCISES, write_student_notebooks
from .student import MasterLabError


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m mlp_lib.exercises", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    student = commands.add_parser("student", help="write one student notebook per lab with exercises")
    student.add_argument("out_dir", type=Path, help="folder for the student notebooks")
    student.add_argument("--book", type=Path, default=BOOK_DIR,
                         help="folder with the master labs (default: book/ of this repository)")
    commands.add_parser("list", help="list the exercises")
    args = parser.parse_args(argv)

    if args.command == "list":
        for ex in EXERCISES.values():
            print(f"{ex.id:<20} {ex.lab:<26} {ex.signature}")
        return 0
    try:
        written = write_student_notebooks(args.book, args.out_dir)
    except (MasterLabError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not written:
        print(f"no lab in {args.book} has exercises; nothing written")
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
