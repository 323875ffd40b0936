"""Print the bucket policy that makes renditions public and keeps everything else private."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agencyscript.media_storage import S3, public_read_policy


class Command(BaseCommand):
    help = "Print the S3 bucket policy for MEDIA_S3_BUCKET: anyone may read renditions (images/), nothing else."

    def handle(self, *args, **options):
        storage = settings.STORAGES["default"]
        if storage["BACKEND"] != S3:
            raise CommandError("MEDIA_S3_BUCKET is not set: uploads are stored on this machine's disk.")
        self.stdout.write(public_read_policy(storage["OPTIONS"]["bucket_name"], storage["OPTIONS"]["location"]))
