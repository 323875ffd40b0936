"""Import Markdown articles with YAML front matter into the blog."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.importer import import_files


class Command(BaseCommand):
    help = (
        "Import Markdown files with YAML front matter (title, slug, date, author, category, tags, summary, "
        "provenance, ai_use) "
        "as blog articles. Importing a slug again saves a new revision of that article."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="Markdown files to import.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the articles that pass the content checks (the others are kept as drafts). "
            "Without it, the articles are submitted for review.",
        )

    def handle(self, *args, **options):
        files = []
        errors = 0
        for name in options["files"]:
            path = Path(name)
            try:
                files.append((str(path), path.read_bytes()))
            except OSError as error:
                self.stderr.write(f"{name}:1: cannot read the file ({error.strerror})")
                errors += 1
        report = import_files(files, publish=options["publish"])
        for result in report.results:
            action = "Created" if result.created else "Updated"
            if result.published:
                state = "published"
            else:
                state = "submitted for review" if result.submitted else "saved as a draft"
            self.stdout.write(
                f"{result.filename}: {action} “{result.page.title}” at /blog/{result.page.slug}/ ({state})."
            )
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        for problem in report.errors:
            self.stderr.write(self.style.ERROR(f"error: {problem}"))
        errors += len(report.errors)
        if errors:
            raise CommandError(
                f"{errors} problem(s): files with an error were not imported,"
                " or were kept as drafts and not published."
            )
        self.stdout.write(self.style.SUCCESS(f"Imported {len(report.results)} article(s)."))
