"""Helpers for browser tests: pages at a given width, axe-core, screenshots."""

import json
from pathlib import Path

import axe_playwright_python

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def new_page(browser, width, height=900, javascript=True):
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript)
    return context.new_page()


def axe_violations(page):
    """Run axe-core in the page (injected, so the page's CSP is not involved)."""
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node.get('failureSummary', '')[:300]}")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    violations = axe_violations(page)
    assert not violations, f"axe-core found violations on {page.url}:\n{format_violations(violations)}"


def save_screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
