"""Where uploaded media live: this machine's disk, or an S3-compatible bucket every machine shares.

Wagtail keeps original images, renditions and documents in Django's ``default``
storage. On one machine that is ``MEDIA_ROOT``. With several machines behind one
address, an image uploaded to one must be served by all of them, so the files go
to a bucket (``MEDIA_S3_BUCKET``; any S3-compatible service) through
django-storages.

What is public and what is not:

- Images and renditions are linked with plain, unsigned bucket URLs (or
  ``MEDIA_S3_CUSTOM_DOMAIN``, a CDN in front of the bucket). Signed URLs would
  expire inside pages the page cache and a CDN keep for longer, and would make
  every render sign every image. No per-object ACL is sent (most buckets refuse
  ACLs now): the bucket's policy (``public_read_policy``, printed by
  ``manage.py media_bucket_policy``) lets anyone read ``images/``, where Wagtail
  keeps renditions, and nothing else. Originals are only read by the site (the
  admin too shows renditions).
- Documents stay private in the bucket. They are always served through
  Wagtail's document view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), which
  checks collection view restrictions on every download and streams the file
  from the bucket; no document link ever points at the bucket.
"""

import json
import os
from urllib.parse import urlsplit

from django.core.files.storage import storages

FILE_SYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


def media_storage(environ=os.environ):
    """STORAGES["default"] from the environment: a bucket when MEDIA_S3_BUCKET is set, else MEDIA_ROOT."""
    bucket = environ.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": FILE_SYSTEM}
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("MEDIA_S3_REGION") or None,
        # Without keys, boto3 looks for the machine's own credentials (instance role, AWS_* variables).
        "access_key": environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
        "custom_domain": environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
        # "path" for services that do not answer on <bucket>.<host> (MinIO, most self-hosted ones).
        "addressing_style": environ.get("MEDIA_S3_ADDRESSING_STYLE") or None,
        # Several sites (staging, production) can share one bucket under different prefixes.
        "location": environ.get("MEDIA_S3_PREFIX", "").strip("/"),
        # Unsigned URLs: see the module's docstring. Documents are never linked by their bucket URL.
        "querystring_auth": False,
        "default_acl": None,
        # Two uploads with the same name get two files, as on disk (django-storages overwrites by default).
        "file_overwrite": False,
    }
    return {"BACKEND": S3, "OPTIONS": options}


def media_origin():
    """The origin media URLs point to when it is not ours (a bucket or CDN), for the CSP; else None."""
    parts = urlsplit(storages["default"].url("images/example.png"))
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def public_read_policy(bucket, location=""):
    """The bucket policy that lets anyone read renditions (``images/``) and nothing else."""
    prefix = f"{location.strip('/')}/" if location.strip("/") else ""
    statement = {
        "Sid": "PublicRenditions",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/{prefix}images/*",
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=2)
