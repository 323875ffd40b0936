"""What goes wrong in an import, named by file and line: ``bad.md:3: impossible date …``."""

from dataclasses import dataclass


@dataclass
class Problem:
    """An error or a warning about one line of one file."""

    filename: str
    line: int
    message: str

    def __str__(self):
        return f"{self.filename}:{self.line}: {self.message}"


class ImportFileError(Exception):
    """A file that cannot be imported; ``problem`` says where and why."""

    def __init__(self, filename, line, message):
        super().__init__(message)
        self.problem = Problem(filename, line, message)
