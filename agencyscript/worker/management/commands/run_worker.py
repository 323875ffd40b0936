import signal
import threading

from django.core.management.base import BaseCommand

from agencyscript.worker.runner import run_forever


class Command(BaseCommand):
    help = (
        "Run the background worker: sends queued email, publishes scheduled pages, re-signs status lists. "
        "Run one beside the web server; several (on one machine or many) never run a job twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between turns (default 1).")

    def handle(self, *args, interval, **options):
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"Worker running (a turn every {interval:g} s); Ctrl-C stops it.")
        run_forever(stop, interval=interval)
