"""JSON-LD in a <script> element: nothing in the data can close the element or start markup."""

import json

from django.test import SimpleTestCase

from agencyscript.json_script import script_json


class ScriptJsonTests(SimpleTestCase):
    def test_markup_in_the_data_cannot_end_the_script(self):
        data = {"name": "</script><script>alert(1)</script> <!-- & -->", "city": "Zürich"}
        text = script_json(data)
        for unsafe in ("<", ">", "&"):
            self.assertNotIn(unsafe, text)
        self.assertIn("Zürich", text)
        self.assertEqual(json.loads(text), data)
