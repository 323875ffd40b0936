"""Issue 13: several machines serve one site's uploads.

Two machines, each gunicorn with production settings and its own DATA_DIR (so
its own MEDIA_ROOT), share one database and one bucket on a local S3 server
(moto, with the bucket policy ``manage.py media_bucket_policy`` prints). An
editor uploads on machine A; machine B shows the image (renditions it makes
itself, fetched from the bucket as a browser would) and serves the document.
Nothing is written to either machine's disk.
"""

import html
import io
import re
import secrets
import tempfile

import pytest
from PIL import Image as PILImage

from tests.live.conftest import LiveSite
from tests.s3 import S3Server, fetch

IMAGE = """
import json
from wagtail.images import get_image_model
image = get_image_model().objects.get(title={title!r})
rendition = image.get_rendition("fill-120x90")
print(json.dumps({{"id": image.pk, "file": image.file.name, "rendition": rendition.url,
                   "rendition_file": rendition.file.name}}))
"""
DOCUMENT = """
import json
from wagtail.documents import get_document_model
document = get_document_model().objects.get(title={title!r})
print(json.dumps({{"url": document.url, "file": document.file.name, "file_url": document.file.url}}))
"""


@pytest.fixture(scope="module")
def s3():
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def two_machines(live_site_built, s3):
    """Machines A and B of one site: one database, one bucket, a DATA_DIR each."""
    bucket = s3.new_bucket()
    with (
        tempfile.TemporaryDirectory(prefix="agencyscript-live-a-") as dir_a,
        tempfile.TemporaryDirectory(prefix="agencyscript-live-b-") as dir_b,
    ):
        machine_a = LiveSite(dir_a, label="media", env=s3.environment(bucket))
        machine_b = LiveSite(dir_b, label="media_b", env=s3.environment(bucket))
        try:
            machine_a.copy_of(live_site_built)
            machine_b.shares_database_of(machine_a)
            machine_a.start()
            machine_b.start()
            yield machine_a, machine_b, bucket
        finally:
            machine_b.stop()
            machine_a.stop()
            machine_a.drop_database()


def png_bytes(width=800, height=600):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def local_files(site, fragment):
    return [path for path in site.data_dir.rglob(f"*{fragment}*") if path.is_file()]


def test_an_image_uploaded_on_one_machine_is_shown_by_the_other(two_machines, s3):
    machine_a, machine_b, bucket = two_machines
    title = f"Lighthouse {secrets.token_hex(4)}"
    response = machine_a.admin_session().post_multipart(
        "/admin/images/add/", {"title": title}, {"file": ("lighthouse.png", "image/png", png_bytes())}
    )
    assert response.status == 302, response.text[:2000]

    # The admin on machine B shows the image: the renditions B makes are in the bucket, and a
    # browser (no credentials) fetches them from there.
    image_id = machine_b.python(
        f"from wagtail.images import get_image_model; print(get_image_model().objects.get(title={title!r}).pk)"
    )
    page = machine_b.admin_session().get(f"/admin/images/{image_id}/")
    assert page.status == 200
    assert s3.endpoint_url in page.header("Content-Security-Policy")
    sources = [html.unescape(src) for src in re.findall(r'<img[^>]*\ssrc="([^"]+)"', page.text)]
    from_bucket = [src for src in sources if src.startswith(f"{s3.endpoint_url}/{bucket}/images/lighthouse")]
    assert from_bucket, sources
    for src in from_bucket:
        status, content_type, body = fetch(src)
        assert (status, content_type) == (200, "image/png"), src
        assert PILImage.open(io.BytesIO(body)).format == "PNG"

    # A rendition machine B makes for a page, as its templates would.
    image = machine_b.python(IMAGE.format(title=title))
    assert {image["file"], image["rendition_file"]} <= set(s3.keys(bucket))
    status, _, body = fetch(image["rendition"])
    assert status == 200
    assert PILImage.open(io.BytesIO(body)).size == (120, 90)

    assert local_files(machine_a, "lighthouse") == []
    assert local_files(machine_b, "lighthouse") == []


def test_a_document_uploaded_on_one_machine_is_served_by_the_other(two_machines, s3):
    machine_a, machine_b, bucket = two_machines
    title = f"Price list {secrets.token_hex(4)}"
    content = b"%PDF-1.4\n% price list uploaded on machine A\n" + secrets.token_bytes(2048)
    response = machine_a.admin_session().post_multipart(
        "/admin/documents/add/", {"title": title}, {"file": ("price-list.pdf", "application/pdf", content)}
    )
    assert response.status == 302, response.text[:2000]

    document = machine_b.python(DOCUMENT.format(title=title))
    assert document["file"] in s3.keys(bucket)
    response = machine_b.get(document["url"])
    assert response.status == 200
    assert response.body == content
    # The file itself is not public: only the site's document view hands it out.
    assert fetch(document["file_url"])[0] == 403
    assert local_files(machine_a, "price-list") == []
    assert local_files(machine_b, "price-list") == []
