"""Fingerprints of article text (MinHash) and the stored fingerprints of live articles."""

import os
import random
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase, TestCase

from blog import duplicates, fingerprints
from blog.factories import ArticlePageFactory, AuthorFactory, sample_body
from blog.models import ArticlePage
from tests.blog.utils import build_site

ROOT = Path(__file__).resolve().parents[2]
VOCABULARY = [f"term{number}" for number in range(20000)]
PINNED_TEXT = "A named reviewer reads every prompt change before it reaches a client."


def words(count, seed):
    rng = random.Random(seed)  # noqa: S311 -- test text, not secrets
    return rng.sample(VOCABULARY, count)


def jaccard(text_a, text_b):
    a, b = fingerprints.shingles(text_a), fingerprints.shingles(text_b)
    return len(a & b) / len(a | b)


def estimate(text_a, text_b):
    return fingerprints.similarity(fingerprints.signature(text_a), fingerprints.signature(text_b))


class SimilarityTests(SimpleTestCase):
    def test_identical_texts(self):
        text = " ".join(words(300, seed=1))
        self.assertEqual(estimate(text, text), 1.0)
        self.assertEqual(fingerprints.body_key(text), fingerprints.body_key(text.upper() + "!"))

    def test_unrelated_texts(self):
        self.assertLess(estimate(" ".join(words(300, seed=1)), " ".join(words(300, seed=2))), 0.05)

    def test_a_few_words_changed(self):
        original = words(400, seed=3)
        edited = list(original)
        for index in (40, 140, 240, 340):
            edited[index] = "different"
        self.assertGreaterEqual(estimate(" ".join(original), " ".join(edited)), 0.8)

    def test_estimate_is_close_to_the_true_jaccard(self):
        base = words(400, seed=4)
        pairs = {
            "shared start": (base, base[:300] + words(100, seed=5)),
            "shared middle": (base, words(100, seed=6) + base[100:300] + words(100, seed=7)),
            "every tenth word changed": (base, [w if i % 10 else "x" for i, w in enumerate(base)]),
            "one text inside the other": (base[:200], base),
            "little in common": (base, base[:60] + words(340, seed=8)),
        }
        for name, (a, b) in pairs.items():
            with self.subTest(name):
                true = jaccard(" ".join(a), " ".join(b))
                self.assertAlmostEqual(estimate(" ".join(a), " ".join(b)), true, delta=0.15)

    def test_short_and_empty_texts(self):
        self.assertEqual(estimate("Just four words here", "just four words, here."), 1.0)
        self.assertEqual(fingerprints.signature(""), [fingerprints.MAX_HASH] * fingerprints.PERMUTATIONS)


class NormalisationTests(SimpleTestCase):
    def test_titles_differing_in_case_punctuation_spacing_or_unicode_form_share_a_key(self):
        key = fingerprints.title_key("The Final Report")
        for title in (
            "the final report",
            "The Final Report!",
            "  The   Final—Report ",
            "The ﬁnal Report",
            "Ｔｈｅ Ｆｉｎａｌ Ｒｅｐｏｒｔ",
        ):
            with self.subTest(title):
                self.assertEqual(fingerprints.title_key(title), key)
        self.assertNotEqual(fingerprints.title_key("The Final Reports"), key)
        self.assertEqual(fingerprints.title_key("STRASSE"), fingerprints.title_key("straße"))

    def test_titles_are_cut_to_the_stored_length(self):
        self.assertEqual(len(fingerprints.title_key("word " * 200)), 255)


class DeterminismTests(SimpleTestCase):
    def test_the_signature_of_a_fixed_text_is_pinned(self):
        # Stored fingerprints are compared with new ones: a change to hashing must be deliberate
        # (and come with a migration that recomputes them).
        signature = fingerprints.signature(PINNED_TEXT)
        self.assertEqual(len(signature), fingerprints.PERMUTATIONS)
        self.assertEqual(signature[:3], [78570352430053617, 300699918081830868, 188038308104221188])
        self.assertEqual(signature[-1], 686222158158996721)
        self.assertEqual(fingerprints.band_keys(signature)[:2], [-1025406798708841232, -3434015214834085846])
        self.assertEqual(
            fingerprints.body_key(PINNED_TEXT), "2dcc2f90cfc71e92e7e981995ed50d4a4c1eb1fa536fcc1ef1ab4836547a6a55"
        )

    def test_the_same_in_another_process(self):
        code = "import sys; from blog import fingerprints as f; print(f.fingerprint('T', sys.argv[1]))"
        outputs = {
            subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
                [sys.executable, "-c", code, PINNED_TEXT],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONHASHSEED": seed},
            ).stdout
            for seed in ("1", "2")
        }
        self.assertEqual(outputs, {str(fingerprints.fingerprint("T", PINNED_TEXT)) + "\n"})


class StoredFingerprintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.index = build_site()
        cls.author = AuthorFactory()

    def article(self, number, **kwargs):
        kwargs.setdefault("title", f"Article number {number}")
        kwargs.setdefault("slug", f"article-{number}")
        kwargs.setdefault("body", sample_body(seed=number))
        return ArticlePageFactory(parent=self.index, authors=[self.author], **kwargs)

    def assert_find_is_one_query(self, number):
        draft = self.article(number, publish=False)
        with self.assertNumQueries(1):
            duplicates.find(draft)

    def test_find_is_one_query_however_many_articles_are_live(self):
        for number in range(5):
            self.article(number)
        self.assert_find_is_one_query(1000)
        for number in range(5, 15):
            self.article(number)
        self.assertEqual(ArticlePage.objects.live().count(), 15)
        self.assert_find_is_one_query(1001)

    def test_finds_live_copies_and_forgets_unpublished_ones(self):
        live = self.article(1, title="Quarterly Review")
        copy = self.article(2, title="quarterly review.", body=sample_body(seed=1), publish=False)
        [match] = duplicates.find(copy)
        self.assertEqual((match.article_id, match.same_title, match.same_body), (live.pk, True, True))
        live.unpublish()
        self.assertEqual(duplicates.find(copy), [])

    def test_a_new_revision_replaces_the_stored_fingerprint(self):
        live = self.article(3, title="Before")
        probe = self.article(4, title="Before", body=sample_body(seed=99), publish=False)
        self.assertEqual([match.article_id for match in duplicates.find(probe) if match.same_title], [live.pk])
        live.title = "After"
        live.save_revision().publish()
        self.assertFalse([match for match in duplicates.find(probe) if match.same_title])
