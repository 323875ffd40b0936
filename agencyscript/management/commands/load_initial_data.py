"""Build the whole demo site. Safe to run again: it only adds what is missing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from agencyscript import demo as site_demo
from blog import demo as blog_demo
from certification import demo as certification_demo


class Command(BaseCommand):
    help = "Load the Agency Script demo site: pages, navigation, footer, certification tiers and articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-articles",
            action="store_true",
            help="Everything but the articles (the blog index stays empty): a quicker site to try forms and pages.",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            home = site_demo.load_pages(self.stdout)
            certification_demo.load(home, self.stdout)
            blog_demo.load(home, self.stdout, articles=not options["no_articles"])
            site_demo.load_settings(home, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
