"""Demo content for certification. (Foundation: index and the four tiers.)"""

from certification.models import CertificationIndexPage, TierPage

TIERS = [
    (
        "Foundation",
        "AS-F",
        1,
        "For practitioners new to AI-enabled delivery. Proves you can scope work honestly, "
        "handle client data safely and recognise when a model should not be used.",
    ),
    (
        "Operator",
        "AS-O",
        2,
        "For people who run client delivery. Proves you can operate AI workflows with review points, "
        "escalation paths and records a client could audit.",
    ),
    (
        "Architect",
        "AS-A",
        3,
        "For those who design an agency's systems. Proves you can design governed workflows, "
        "weigh risk against value and defend the trade-offs in writing.",
    ),
    (
        "Principal",
        "AS-P",
        4,
        "For agency leaders. Proves you can set policy, answer for outcomes and keep standards "
        "when growth pushes against them.",
    ),
]


def load(home, stdout):
    index = CertificationIndexPage.objects.first()
    if index is None:
        index = CertificationIndexPage(
            title="Certification",
            slug="certification",
            introduction=(
                "Four tiers, each assessed by a named assessor against a published standard. "
                "Every credential can be verified by anyone, at any time."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        stdout.write("Created the certification index.")
    for title, code, level, description in TIERS:
        if TierPage.objects.filter(code=code).exists():
            continue
        tier = TierPage(title=title, slug=title.lower(), code=code, level=level, short_description=description)
        index.add_child(instance=tier)
        tier.save_revision().publish()
        stdout.write(f"Created the {title} tier.")
    return index
