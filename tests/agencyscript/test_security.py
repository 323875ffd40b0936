"""Security headers, production settings and the deploy check."""

import os
import subprocess
import sys

from django.test import TestCase

from agencyscript.security import PUBLIC_POLICY
from tests.helpers import load_demo_site


class SecurityHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_site(articles=False)

    def test_public_pages_send_a_strict_policy(self):
        for path in ["/", "/about/", "/waitlist/", "/no-such-page/", "/account/sign-in/"]:
            with self.subTest(path=path):
                response = self.client.get(path)
                csp = response["Content-Security-Policy"]
                self.assertIn("default-src 'self'", csp)
                self.assertIn("script-src 'self';", csp)
                self.assertNotIn("unsafe-inline", csp)
                self.assertNotIn("unsafe-eval", csp)
                for directive in [
                    "object-src 'none'",
                    "base-uri 'self'",
                    "form-action 'self'",
                    "frame-ancestors 'none'",
                ]:
                    self.assertIn(directive, csp)
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
                self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
                self.assertIn("camera=()", response["Permissions-Policy"])
                self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_no_inline_scripts_or_handlers_in_public_pages(self):
        import re

        for path in ["/", "/about/", "/waitlist/", "/contact/", "/account/sign-in/", "/no-such-page/"]:
            html = self.client.get(path).content.decode()
            for tag in re.findall(r"<script\b[^>]*>", html):
                self.assertTrue('src="' in tag or 'type="application/ld+json"' in tag, f"{path}: {tag}")
            self.assertIsNone(re.search(r"\son[a-z]+=", html), path)
            self.assertNotIn(' style="', html, path)

    def test_admin_keeps_working_with_its_own_policy(self):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-for-tests-only")
        self.client.force_login(user)
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("frame-ancestors 'self'", response["Content-Security-Policy"])

    def test_admin_gets_a_report_only_policy_without_inline_code_when_asked(self):
        # Test settings set CSP_ADMIN_REPORT_STRICT (tests/browser/test_admin.py reads its reports).
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-for-tests-only")
        self.client.force_login(user)
        response = self.client.get("/admin/")
        self.assertIn("script-src 'self' 'unsafe-inline'", response["Content-Security-Policy"])
        report_only = response["Content-Security-Policy-Report-Only"]
        self.assertIn("script-src 'self' 'report-sample';", report_only)
        self.assertNotIn("unsafe", report_only)
        self.assertNotIn("Content-Security-Policy-Report-Only", self.client.get("/"))

    def test_policy_covers_every_required_directive(self):
        for directive in ["default-src", "script-src", "object-src", "base-uri", "form-action", "frame-ancestors"]:
            self.assertIn(directive, PUBLIC_POLICY)


def run_manage(*args, **env):
    unwanted = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    environment = {key: value for key, value in os.environ.items() if key not in unwanted}
    environment.update(env)
    return subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "manage.py", *args], capture_output=True, text=True, env=environment, check=False
    )


class ProductionSettingsTests(TestCase):
    def test_check_deploy_is_clean(self):
        result = run_manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            DJANGO_SETTINGS_MODULE="agencyscript.settings.production",
            SECRET_KEY="k" * 20 + "Zq8#x!2mP0vR7tY4uW9sA1dF6gH3jK5lN8bV",
            ALLOWED_HOSTS="agencyscript.com",
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_production_refuses_to_start_without_a_secret_key(self):
        result = run_manage("check", DJANGO_SETTINGS_MODULE="agencyscript.settings.production", SECRET_KEY="")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY must be set", result.stderr)

    def test_production_values(self):
        result = run_manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, "
            "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.STORAGES['staticfiles']['BACKEND'], s.DEBUG)",
            DJANGO_SETTINGS_MODULE="agencyscript.settings.production",
            SECRET_KEY="x" * 60,
            ALLOWED_HOSTS="agencyscript.com",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            result.stdout.strip(),
            "('HTTP_X_FORWARDED_PROTO', 'https') 31536000 True True True "
            "whitenoise.storage.CompressedManifestStaticFilesStorage False",
        )
