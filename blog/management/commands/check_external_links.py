"""Check every web address in live articles now, as the nightly job does."""

from django.core.management.base import BaseCommand

from blog.link_check import TIMEOUT, check_all


class Command(BaseCommand):
    help = (
        "Check the http and https links of live articles (each address once, public addresses only) and store the "
        "results shown in the admin's Broken external links report. Broken links never stop publication."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=TIMEOUT, help="Seconds allowed per address.")

    def handle(self, *args, **options):
        results = check_all(timeout=options["timeout"])
        broken = [result for result in results if not result.ok]
        for result in broken:
            self.stdout.write(f"broken: {result.url} ({result.reason})")
        self.stdout.write(
            f"Checked {len(results)} addresses: {len(results) - len(broken)} fine, {len(broken)} broken."
        )
