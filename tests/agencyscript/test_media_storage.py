"""Uploads in an S3-compatible bucket (agencyscript/media_storage.py), against a local moto server."""

import io
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from agencyscript.media_storage import media_storage
from tests.s3 import S3Server, fetch


def png_bytes(width=640, height=480, colour=(200, 40, 90)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def local_media_files():
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


class MediaStorageSettingsTests(TestCase):
    def test_the_local_disk_without_a_bucket(self):
        self.assertEqual(media_storage({}), {"BACKEND": "django.core.files.storage.FileSystemStorage"})

    def test_a_bucket_with_unsigned_urls_no_acl_and_no_overwriting(self):
        storage = media_storage(
            {
                "MEDIA_S3_BUCKET": "agencyscript-media",
                "MEDIA_S3_REGION": "eu-west-3",
                "MEDIA_S3_CUSTOM_DOMAIN": "media.agencyscript.com",
            }
        )
        self.assertEqual(storage["BACKEND"], "storages.backends.s3.S3Storage")
        options = storage["OPTIONS"]
        self.assertEqual(options["bucket_name"], "agencyscript-media")
        self.assertEqual(options["region_name"], "eu-west-3")
        self.assertEqual(options["custom_domain"], "media.agencyscript.com")
        self.assertIs(options["querystring_auth"], False)
        self.assertIsNone(options["default_acl"])
        self.assertIs(options["file_overwrite"], False)


class S3MediaTests(TestCase):
    """The site configured with MEDIA_S3_* variables, exactly as base.py reads them."""

    @classmethod
    def setUpClass(cls):
        cls.s3 = S3Server().start()
        cls.addClassCleanup(cls.s3.stop)
        cls.bucket = cls.s3.new_bucket()
        storages = {**settings.STORAGES, "default": media_storage(cls.s3.environment(cls.bucket))}
        cls.enterClassContext(override_settings(STORAGES=storages))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-for-tests-only")

    def setUp(self):
        self.local_before = local_media_files()

    def assertNothingWrittenLocally(self):
        self.assertEqual(local_media_files(), self.local_before)

    def upload_image(self, name="harbour.png", title="Harbour"):
        self.client.force_login(self.editor)
        response = self.client.post(
            "/admin/images/add/",
            {"title": title, "file": SimpleUploadedFile(name, png_bytes(), content_type="image/png")},
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        return get_image_model().objects.get(title=title)

    def test_an_image_uploaded_in_the_admin_and_its_renditions_are_stored_in_the_bucket(self):
        image = self.upload_image()
        self.assertTrue(image.file.name.startswith("original_images/harbour"))
        self.assertIn(image.file.name, self.s3.keys(self.bucket))
        self.assertEqual((image.width, image.height), (640, 480))

        rendition = image.get_rendition("fill-80x60")
        self.assertIn(rendition.file.name, self.s3.keys(self.bucket))
        self.assertTrue(rendition.file.name.startswith("images/"))
        # Linked with a plain bucket URL that anyone can fetch (no signature, nothing that expires).
        self.assertTrue(rendition.url.startswith(f"{self.s3.endpoint_url}/{self.bucket}/images/"), rendition.url)
        self.assertNotIn("Signature", rendition.url)
        status, content_type, body = fetch(rendition.url)
        self.assertEqual((status, content_type), (200, "image/png"))
        self.assertEqual(PILImage.open(io.BytesIO(body)).size, (80, 60))
        self.assertNothingWrittenLocally()
        # The bucket's policy (manage.py media_bucket_policy) publishes renditions only, not originals.
        self.assertEqual(fetch(image.file.url)[0], 403)

        # The admin's listing shows the image from the bucket.
        listing = self.client.get("/admin/images/").content.decode()
        self.assertIn(f"{self.s3.endpoint_url}/{self.bucket}/images/", listing)

    def test_two_uploads_with_the_same_name_are_two_files(self):
        first = self.upload_image(name="logo.png", title="First logo")
        second = self.upload_image(name="logo.png", title="Second logo")
        self.assertNotEqual(first.file.name, second.file.name)
        self.assertIn(first.file.name, self.s3.keys(self.bucket))
        self.assertIn(second.file.name, self.s3.keys(self.bucket))

    def test_a_document_is_stored_in_the_bucket_and_served_by_the_site(self):
        self.client.force_login(self.editor)
        content = b"%PDF-1.4\n% a tiny document\n"
        response = self.client.post(
            "/admin/documents/add/",
            {"title": "Rate card", "file": SimpleUploadedFile("rate-card.pdf", content, "application/pdf")},
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        document = get_document_model().objects.get(title="Rate card")
        self.assertIn(document.file.name, self.s3.keys(self.bucket))
        self.assertEqual(self.s3.object_bytes(self.bucket, document.file.name), content)
        self.assertNothingWrittenLocally()
        self.assertEqual(fetch(document.file.url)[0], 403)  # not readable from the bucket by anyone

        # Links point at the site's document view, never at the bucket.
        self.assertEqual(document.url, f"/documents/{document.pk}/rate-card.pdf")
        self.client.logout()
        response = self.client.get(document.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), content)
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'")

    def test_a_private_document_needs_the_restriction_passed_on_every_download(self):
        private = Collection.get_first_root_node().add_child(name="Clients only")
        restriction = CollectionViewRestriction.objects.create(
            collection=private, restriction_type=CollectionViewRestriction.GROUPS
        )
        clients = Group.objects.create(name="Clients")
        restriction.groups.add(clients)
        content = b"confidential figures"
        document = get_document_model().objects.create(
            title="Figures",
            collection=private,
            file=SimpleUploadedFile("figures.txt", content, "text/plain"),
        )
        self.assertIn(document.file.name, self.s3.keys(self.bucket))

        response = self.client.get(document.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(f"login/?next={document.url}", response["Location"])

        member = get_user_model().objects.create_user("client", "client@example.com", "pw-for-tests-only")
        member.groups.add(clients)
        self.client.force_login(member)
        response = self.client.get(document.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), content)

    def test_the_content_security_policy_allows_images_from_the_bucket(self):
        origin = self.s3.endpoint_url
        public = self.client.get("/no-such-page/")["Content-Security-Policy"]
        self.assertIn(f"img-src 'self' data: {origin};", public)
        self.assertIn(f"media-src 'self' {origin};", public)
        self.assertNotIn(origin, public.split("img-src")[0])  # scripts, styles: still only our own origin
        self.client.force_login(self.editor)
        admin = self.client.get("/admin/")["Content-Security-Policy"]
        self.assertIn(f"img-src 'self' data: blob: {origin};", admin)

    def test_the_bucket_policy_command_publishes_renditions_only(self):
        out = io.StringIO()
        call_command("media_bucket_policy", stdout=out)
        policy = json.loads(out.getvalue())
        self.assertEqual(
            [(s["Effect"], s["Principal"], s["Action"], s["Resource"]) for s in policy["Statement"]],
            [("Allow", "*", "s3:GetObject", f"arn:aws:s3:::{self.bucket}/images/*")],
        )


class LocalMediaTests(TestCase):
    """Without a bucket, SERVE_MEDIA serves images but never documents, whatever their collection."""

    def test_documents_are_not_served_from_media(self):
        document = get_document_model().objects.create(
            title="Notes", file=SimpleUploadedFile("notes-for-media-test.txt", b"notes", "text/plain")
        )
        self.addCleanup(document.file.delete, save=False)
        self.assertEqual(self.client.get(f"/media/{document.file.name}").status_code, 404)
        self.assertEqual(self.client.get(document.url).status_code, 200)
