"""External links: the checker against a local server, the nightly results and the admin report.

A threaded HTTP server on 127.0.0.1 plays the outside world. The checker refuses
loopback addresses unless told otherwise, so tests that talk to the server pass
``allow=loopback``; the refusals are tested with the checker's own default.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import SimpleTestCase
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from agencyscript.worker.jobs import JOBS
from blog.factories import ArticlePageFactory, AuthorFactory, block_id, paragraph
from blog.link_check import ascii_host, check_all, check_url, public_address, web_addresses
from blog.models import ArticlePage
from tests.blog.utils import build_site

FIVE_MB = 5 * 1024 * 1024
CHUNK = 64 * 1024


def loopback(address):
    """The tests' policy: the public internet and this machine's loopback server."""
    return address.is_loopback or public_address(address)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, headers=(), body=b""):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.route()

    def do_GET(self):
        self.route()

    def route(self):
        path = self.path
        self.server.seen.append((self.command, path, self.headers.get("Host"), self.headers.get("User-Agent")))
        if path == "/ok":
            self.send(200, body=b"fine")
        elif path == "/missing":
            self.send(404, body=b"no such page")
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            if left:
                self.send(302, [("Location", f"/chain/{left - 1}")])
            else:
                self.send(200)
        elif path in ("/loop/a", "/loop/b"):
            self.send(301, [("Location", "/loop/b" if path.endswith("a") else f"{self.server.url}/loop/a")])
        elif path == "/to-metadata":
            self.send(302, [("Location", "http://169.254.169.254/latest/meta-data/")])
        elif path == "/no-head":
            self.send(405 if self.command == "HEAD" else 200, [("Allow", "GET")])
        elif path == "/big":
            if self.command == "HEAD":
                self.send(405)
                return
            # 5 MB, slowly: reading it all would take about 8 s, far past the 5 s limit.
            self.send_response(200)
            self.send_header("Content-Length", str(FIVE_MB))
            self.end_headers()
            for _ in range(FIVE_MB // CHUNK):
                self.wfile.write(b"x" * CHUNK)
                time.sleep(0.1)
        elif path == "/slow":
            time.sleep(7)
            self.send(200)
        elif path == "/drip":
            # A status line, then one header byte every 0.3 s: never a complete answer.
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(40):
                self.wfile.write(b"X")
                self.wfile.flush()
                time.sleep(0.3)
        elif path == "/caf%C3%A9%20menu?q=th%C3%A9":
            self.send(200)
        else:
            self.send(404)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """The checker hangs up early on purpose (big and slow answers): not an error here."""


class LocalServerMixin:
    """A local server for the whole class, started before its test data is built (it links there)."""

    @classmethod
    def setUpClass(cls):
        cls.start_server()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.stop_server()

    @classmethod
    def start_server(cls):
        cls.server = Server(("127.0.0.1", 0), Handler)
        cls.server.seen = []
        cls.server.url = cls.url = f"http://127.0.0.1:{cls.server.server_address[1]}"
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def stop_server(cls):
        cls.server.shutdown()
        cls.server.server_close()


class CheckUrlTests(LocalServerMixin, SimpleTestCase):
    def check(self, path, **kwargs):
        return check_url(self.url + path, allow=loopback, **kwargs)

    def test_a_page_that_answers(self):
        result = self.check("/ok")
        self.assertEqual((result.ok, result.status, result.reason), (True, 200, "200 OK"))

    def test_a_missing_page(self):
        result = self.check("/missing")
        self.assertEqual((result.ok, result.status, result.reason), (False, 404, "404 Not Found"))

    def test_up_to_three_redirects_are_followed(self):
        self.assertEqual(self.check("/chain/2").reason, "200 OK")
        self.assertTrue(self.check("/chain/3").ok)
        result = self.check("/chain/4")
        self.assertEqual((result.ok, result.reason), (False, "too many redirects"))

    def test_a_redirect_loop(self):
        result = self.check("/loop/a")
        self.assertEqual((result.ok, result.reason), (False, "redirect loop"))

    def test_get_when_head_is_not_allowed(self):
        self.assertEqual(self.check("/no-head").reason, "200 OK")

    def test_a_large_answer_is_not_read_to_the_end(self):
        started = time.monotonic()
        result = self.check("/big")
        self.assertEqual(result.reason, "200 OK")
        self.assertLess(time.monotonic() - started, 3)

    def test_a_slow_server_is_given_up_on(self):
        started = time.monotonic()
        result = self.check("/slow", timeout=1)
        self.assertEqual((result.ok, result.reason), (False, "no answer within 1 s"))
        self.assertLess(time.monotonic() - started, 2.5)

    def test_the_default_limit_is_five_seconds(self):
        started = time.monotonic()
        result = self.check("/slow")
        elapsed = time.monotonic() - started
        self.assertEqual(result.reason, "no answer within 5 s")
        self.assertGreater(elapsed, 4.5)
        self.assertLess(elapsed, 6.5)

    def test_the_limit_covers_the_whole_answer_not_each_read(self):
        started = time.monotonic()
        result = self.check("/drip", timeout=1)
        self.assertEqual(result.reason, "no answer within 1 s")
        self.assertLess(time.monotonic() - started, 2.5)

    def test_host_header_and_user_agent(self):
        port = self.server.server_address[1]
        self.assertTrue(check_url(f"http://localhost:{port}/ok", allow=loopback).ok)
        method, path, host, agent = self.server.seen[-1]
        self.assertEqual((method, path, host), ("HEAD", "/ok", f"localhost:{port}"))
        self.assertTrue(agent.startswith("AgencyScript-LinkCheck/1.0 ("))

    def test_non_ascii_paths_are_sent_encoded(self):
        self.assertEqual(self.check("/café menu?q=thé").reason, "200 OK")

    def test_private_addresses_are_refused_by_default(self):
        for url in (
            self.url + "/refused-probe",
            "http://169.254.169.254/latest/meta-data/",
            "http://localhost/",
            "http://10.0.0.1/",
            "http://192.168.1.1/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:169.254.169.254]/",
            "http://0.0.0.0/",
            "http://224.0.0.1/",
            "https://[fe80::1]/",
        ):
            with self.subTest(url):
                result = check_url(url)
                self.assertEqual((result.ok, result.reason), (False, "refused: private address"))
        self.assertNotIn("/refused-probe", [path for _, path, _, _ in self.server.seen])

    def test_a_redirect_to_a_private_address_is_refused(self):
        result = self.check("/to-metadata")
        self.assertEqual((result.ok, result.reason), (False, "refused: private address"))

    def test_only_web_addresses_are_checked(self):
        for url in ("javascript:alert(1)", "mailto:editor@example.com", "ftp://example.com/file", "/about/"):
            with self.subTest(url):
                self.assertEqual(check_url(url).reason, "not a web address")
        urls = ["javascript:alert(1)", "mailto:a@example.com", "tel:+441234", "#top", "/about/", "https://a.example/"]
        self.assertEqual(
            web_addresses(urls + ["HTTP://b.example/", "https://a.example/"]),
            [
                "https://a.example/",
                "HTTP://b.example/",
            ],
        )

    def test_international_host_names(self):
        self.assertEqual(ascii_host("bücher.example"), "xn--bcher-kva.example")
        # Offline, or a name nobody registered: reported, not raised.
        self.assertEqual(check_url("http://bücher.example/").reason, "host not found")
        self.assertEqual(check_url("http://" + "a" * 64 + ".example/").reason, "invalid address")
        self.assertEqual(check_url("http://example.com:99999/").reason, "invalid address")

    def test_tls_to_a_server_that_does_not_speak_it(self):
        result = check_url(self.url.replace("http:", "https:") + "/ok", allow=loopback)
        self.assertEqual((result.ok, result.reason), (False, "secure connection failed"))

    def test_nothing_listening(self):
        with Server(("127.0.0.1", 0), Handler) as closed:
            port = closed.server_address[1]
        self.assertEqual(check_url(f"http://127.0.0.1:{port}/", allow=loopback).reason, "connection refused")


def link_block(url, label="Read the report"):
    return {
        "type": "call_to_action",
        "value": {"heading": "More", "text": "", "link": {"label": label, "page": None, "url": url}},
        "id": block_id(),
    }


class NightlyCheckTests(LocalServerMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        cls.author = AuthorFactory(name="Maya Okafor")
        text = "The agency paused the release until a named reviewer had read every prompt change."

        def bodies(url):
            return (
                [
                    paragraph(
                        f'<p>{text} See <a href="{url}/missing">the audit</a>, '
                        f'<a href="{url}/ok">the summary</a> and <a href="mailto:audit@example.com">write</a>.</p>'
                    ),
                    link_block(f"{url}/chain/4"),
                ],
                [paragraph(f'<p>Each client brief now records the steps. <a href="{url}/missing">Gone</a></p>')],
                [paragraph(f'<p>Two designers kept a log. <a href="{url}/to-metadata">x</a></p>')],
            )

        # The content checks refuse links to loopback addresses, so the articles are published
        # with public addresses, then their live text points at the test's server (as if the
        # linked site had moved there).
        public, local = bodies("https://audit.example"), bodies(cls.url)
        cls.article = ArticlePageFactory(
            parent=cls.index, title="Where the audit went", authors=[cls.author], body=public[0]
        )
        cls.other = ArticlePageFactory(
            parent=cls.index, title="A second article", authors=[cls.author], body=public[1]
        )
        cls.draft = ArticlePageFactory(
            parent=cls.index, title="Not published yet", authors=[cls.author], publish=False, body=public[2]
        )
        for page, body in zip((cls.article, cls.other, cls.draft), local, strict=True):
            page.body = body
            ArticlePage.objects.filter(pk=page.pk).update(body=page.body)
        users = get_user_model().objects
        cls.editor = users.create_user("editor", "editor@example.com", "x" * 12)
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.reader = users.create_user("reader", "reader@example.com", "x" * 12)

    def report(self):
        return self.client.get("/admin/reports/broken-links/")

    def test_broken_links_are_listed_with_their_article(self):
        results = check_all(allow=loopback)
        self.assertEqual(len(results), 3)  # each address once, mailto: and the draft's link left out
        self.login()
        response = self.report()
        self.assertContains(response, "Broken external links")
        self.assertContains(response, "Where the audit went")
        self.assertContains(response, "A second article")
        self.assertContains(response, f'href="/admin/pages/{self.article.pk}/edit/"')
        self.assertContains(response, f"{self.url}/missing", count=4)  # two rows: link and its text
        self.assertContains(response, "404 Not Found", count=2)
        self.assertContains(response, f"{self.url}/chain/4")
        self.assertContains(response, "too many redirects")
        self.assertNotContains(response, f"{self.url}/ok")
        self.assertNotContains(response, "mailto:")
        self.assertNotContains(response, "Not published yet")
        self.assertContains(response, "Last checked")

    def test_the_report_is_in_the_reports_menu_for_editors_only(self):
        check_all(allow=loopback)
        self.client.force_login(self.editor)
        self.assertContains(self.client.get("/admin/"), "/admin/reports/broken-links/")
        response = self.report()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Where the audit went")
        self.client.force_login(self.reader)
        self.assertNotEqual(self.report().status_code, 200)

    def test_fixed_and_unpublished_links_leave_the_report(self):
        check_all(allow=loopback)
        self.other.unpublish()
        article = ArticlePage.objects.get(pk=self.article.pk)
        article.body = [paragraph('<p>The agency paused the release. <a href="http://10.0.0.1/">x</a></p>')]
        ArticlePage.objects.filter(pk=article.pk).update(body=article.body)  # publishing would refuse it
        check_all(allow=loopback)
        self.login()
        response = self.report()
        self.assertNotContains(response, "404 Not Found")
        self.assertNotContains(response, "A second article")
        self.assertContains(response, "http://10.0.0.1/")
        self.assertContains(response, "refused: private address")

    def test_no_broken_links(self):
        self.login()
        self.assertContains(self.report(), "No broken external links at the last check.")

    def test_publishing_is_never_blocked_by_a_broken_link(self):
        check_all(allow=loopback)
        self.login()
        authorship = self.article.article_authors.get()
        data = nested_form_data(
            {
                "title": "Where the audit went, revised",
                "slug": self.article.slug,
                "summary": "What happened.",
                "provenance": "human",
                "category": self.article.category_id,
                "tags": "",
                "article_authors": inline_formset([{"id": authorship.pk, "author": self.author.pk}], initial=1),
                "related_picks": inline_formset([]),
                "body": streamfield(
                    [
                        (
                            "paragraph",
                            rich_text('<p>Still linking to <a href="https://audit.example/gone">the audit</a>.</p>'),
                        )
                    ]
                ),
                "action-publish": "publish",
            }
        )
        response = self.client.post(f"/admin/pages/{self.article.pk}/edit/", data)
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get(self.article.url), "Where the audit went, revised")
        # The nightly check reports it (the host does not exist), as a warning.
        check_all(allow=loopback)
        self.assertContains(self.report(), "Where the audit went, revised")

    def test_the_command_and_the_nightly_job(self):
        out = StringIO()
        call_command("check_external_links", stdout=out)
        # The command uses the real policy: the local server is refused, and said so.
        self.assertIn(f"broken: {self.url}/ok (refused: private address)", out.getvalue())
        self.assertIn("Checked 3 addresses: 0 fine, 3 broken.", out.getvalue())
        job = next(job for job in JOBS if job.name == "check-external-links")
        self.assertEqual(job.every.total_seconds(), 24 * 3600)
