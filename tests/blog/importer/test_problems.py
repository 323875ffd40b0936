"""Problems name the file and the line."""

from django.test import SimpleTestCase

from blog.importer import ImportFileError, Problem


class ProblemTests(SimpleTestCase):
    def test_a_problem_reads_file_line_message(self):
        self.assertEqual(str(Problem("bad.md", 3, "impossible date")), "bad.md:3: impossible date")

    def test_an_import_error_carries_its_problem(self):
        error = ImportFileError("bad.md", 4, "the article has no body text")
        self.assertEqual(str(error), "the article has no body text")
        self.assertEqual(error.problem, Problem("bad.md", 4, "the article has no body text"))
