"""A local S3-compatible server (moto in server mode) for the media storage tests.

``S3Server`` listens on a free loopback port in a thread of the test process, so
the site under test (and gunicorn processes started by live tests) reach it over
HTTP exactly as they would reach a real bucket.
"""

import logging
import socket
import urllib.error
import urllib.request
import uuid

import boto3
from moto.server import ThreadedMotoServer

from agencyscript.media_storage import public_read_policy

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"  # noqa: S105 - moto accepts any key
REGION = "us-east-1"
# The server logs every request it answers; keep test output to failures.
logging.getLogger("werkzeug").setLevel(logging.WARNING)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class S3Server:
    def __init__(self):
        self.port = free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def start(self):
        self.server.start()
        return self

    def stop(self):
        self.server.stop()

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def new_bucket(self):
        """A bucket set up as the README says: the site's public-read policy, nothing else public."""
        name = f"media-{uuid.uuid4().hex[:12]}"
        client = self.client()
        client.create_bucket(Bucket=name)
        client.put_bucket_policy(Bucket=name, Policy=public_read_policy(name))
        return name

    def keys(self, bucket):
        response = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in response.get("Contents", []))

    def object_bytes(self, bucket, key):
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()

    def environment(self, bucket):
        """The MEDIA_S3_* variables a machine of the site is configured with."""
        return {
            "MEDIA_S3_BUCKET": bucket,
            "MEDIA_S3_ENDPOINT_URL": self.endpoint_url,
            "MEDIA_S3_REGION": REGION,
            "MEDIA_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "MEDIA_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }


def fetch(url):
    """GET a media URL as a browser would (no credentials): (status, content type, body)."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"not a local test URL: {url}")
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only, checked above
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()
