"""Demo content for certification: the index, the four tiers and about 50 credentials in every state.

Idempotent: pages are only created (or their empty fields filled) when missing;
credentials are keyed by their ``DEMO-…`` external reference. Credential IDs
come from a fixed seed, so the same IDs exist on every demo install (see
``demo_ids_to_try()``).
"""

import datetime
import random

from django.utils import timezone

from certification import ids, services
from certification.factories import certification_index
from certification.models import Credential, TierPage, add_months

INDEX = {
    "title": "Certification",
    "slug": "certification",
    "seo_title": "Certification tiers: Foundation, Operator, Architect, Principal",
    "search_description": (
        "Four Agency Script certification tiers, each assessed against a published standard by a named assessor. "
        "Compare who each tier is for, what is assessed, prerequisites, validity and renewal."
    ),
    "introduction": (
        "Four tiers, each assessed by a named assessor against a published standard. "
        "Every credential can be verified by anyone, at any time."
    ),
    "comparison_intro": (
        "Each tier builds on the one before it. Credentials are time-limited on purpose: "
        "practice changes quickly, and a credential should say something about you today."
    ),
}


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


TIERS = [
    {
        "title": "Foundation",
        "code": "AS-F",
        "level": 1,
        "validity_months": 36,
        "short_description": (
            "For practitioners new to AI-enabled delivery. Proves you can scope work honestly, "
            "handle client data safely and recognise when a model should not be used."
        ),
        "audience": "Anyone who delivers client work with AI tools: writers, analysts, designers, account staff.",
        "assessed_summary": "Safe handling of client data, honest scoping, knowing when not to automate.",
        "prerequisite_note": "None. Open to anyone.",
        "assessment_format": "Online scenario paper, 90 minutes, open book",
        "renewal_summary": "Short refresher paper every three years",
        "description": p(
            "Foundation is the common floor for everyone who touches client work in an AI-enabled agency. "
            "It does not test how clever your prompts are. It tests whether a client could trust you with "
            "their data, their brief and their reputation on an ordinary Tuesday.",
            "Holders can explain to a client, in plain language, what a model did on their project, "
            "what a person checked, and where the limits of the work lie.",
        ),
        "competencies": [
            ("Scoping honestly", "States what AI will and will not do on a piece of work before it starts."),
            ("Handling client data", "Keeps confidential material out of tools that are not approved for it."),
            ("Checking output", "Reviews generated work against the source and the brief before it leaves."),
            ("Knowing when to stop", "Recognises tasks where a model should not be used and says so."),
        ],
        "assessment": p(
            "Eight short client scenarios, answered in writing within 90 minutes. You may consult any notes. "
            "Each answer is marked by a named assessor against the published Foundation rubric; "
            "the pass mark is stated in advance and every decision can be appealed.",
        ),
        "renewal": p(
            "Foundation credentials are valid for three years. To renew, take the current refresher paper "
            "(45 minutes), which covers what has changed in tools, law and practice since you were assessed.",
        ),
    },
    {
        "title": "Operator",
        "code": "AS-O",
        "level": 2,
        "validity_months": 24,
        "short_description": (
            "For people who run client delivery. Proves you can operate AI workflows with review points, "
            "escalation paths and records a client could audit."
        ),
        "audience": "Delivery leads, producers and senior practitioners who run AI-assisted workflows day to day.",
        "assessed_summary": "Running governed workflows: review points, escalation, records and incident handling.",
        "prerequisite_note": "",
        "assessment_format": "Portfolio of two delivered projects and a 45-minute review interview",
        "renewal_summary": "Evidence of recent practice and one reviewed project every two years",
        "description": p(
            "Operators keep AI-assisted delivery on the rails. They decide where a person reviews, who is told "
            "when something goes wrong, and what record is kept so that a client, an auditor or a colleague can "
            "reconstruct any decision later.",
            "An Operator credential tells an employer that the holder has already run this kind of work for real "
            "clients and can show the paper trail.",
        ),
        "competencies": [
            ("Designing review points", "Places human review where errors would be costly, not everywhere."),
            ("Escalation", "Defines who decides when output is doubtful, and follows that route under pressure."),
            ("Keeping records", "Keeps a delivery log a client could audit without a guided tour."),
            ("Handling incidents", "Contains, reports and learns from a failure without hiding it."),
        ],
        "assessment": p(
            "You submit two projects you delivered in the last eighteen months, with their records, redacted as "
            "needed. A named assessor reviews them and then interviews you for 45 minutes about the decisions "
            "you made. You receive written reasons whatever the outcome.",
        ),
        "renewal": p(
            "Operator credentials are valid for two years. Renewal needs a short statement of recent practice "
            "and one further project reviewed against the current rubric.",
        ),
    },
    {
        "title": "Architect",
        "code": "AS-A",
        "level": 3,
        "validity_months": 24,
        "short_description": (
            "For those who design an agency's systems. Proves you can design governed workflows, "
            "weigh risk against value and defend the trade-offs in writing."
        ),
        "audience": "People who design an agency's tools, workflows and controls, and answer for how they behave.",
        "assessed_summary": "Designing governed systems and defending risk trade-offs in writing.",
        "prerequisite_note": "",
        "assessment_format": "Written design case (take-home, one week) and a 60-minute defence panel",
        "renewal_summary": "A reviewed design change and a peer reference every two years",
        "description": p(
            "Architects design the systems that Operators run. The standard asks for judgment, not novelty: "
            "a design that a cautious client would sign, with its risks named and its controls proportionate.",
            "The credential signals that the holder can take an ambiguous brief, design a governed workflow, "
            "and defend every trade-off to people who disagree.",
        ),
        "competencies": [
            ("Risk assessment", "Names what could go wrong, for whom, how likely and how badly."),
            ("Proportionate controls", "Chooses controls that match the risk instead of the fashion."),
            ("Writing decisions down", "Produces design records that explain why, not only what."),
            ("Defending trade-offs", "Holds a position under questioning, and changes it for good reasons."),
        ],
        "assessment": p(
            "You receive a realistic client case and have one week to write a design of no more than 4,000 words. "
            "A panel of two named assessors then questions you on it for an hour. The rubric, including what a "
            "pass looks like, is published in full before you start.",
        ),
        "renewal": p(
            "Architect credentials are valid for two years. Renewal needs one design change you led, reviewed "
            "against the current rubric, and a reference from a peer who worked with you on it.",
        ),
    },
    {
        "title": "Principal",
        "code": "AS-P",
        "level": 4,
        "validity_months": 24,
        "short_description": (
            "For agency leaders. Proves you can set policy, answer for outcomes and keep standards "
            "when growth pushes against them."
        ),
        "audience": "Founders, directors and partners who set an agency's AI policy and answer to clients for it.",
        "assessed_summary": "Setting policy, accountability for outcomes, leading through incidents.",
        "prerequisite_note": "at least five years leading client work",
        "assessment_format": "Policy submission, leadership case interview and two client references",
        "renewal_summary": "Annual policy review on record; reassessment interview every two years",
        "description": p(
            "Principals set the rules everyone else works within. The assessment asks whether those rules would "
            "survive a difficult quarter: a large client wanting shortcuts, a rushed launch, a public mistake.",
            "The credential tells clients and staff that the holder has put their policy in writing, has been "
            "questioned on it by peers, and has clients willing to vouch for how it worked in practice.",
        ),
        "competencies": [
            ("Setting policy", "Writes an AI policy staff can follow and clients can read."),
            ("Accountability", "Owns outcomes, including the ones that were delegated."),
            ("Holding the line", "Keeps standards when a commercial opportunity pushes against them."),
            ("Leading through incidents", "Tells clients the truth early and fixes the cause, not the story."),
        ],
        "assessment": p(
            "You submit your agency's AI policy and a short account of how it is enforced. Two named assessors, "
            "both Principals themselves, interview you on a leadership case for 90 minutes. We also speak to two "
            "clients you nominate.",
        ),
        "renewal": p(
            "Principal credentials are valid for two years. Renewal needs evidence of the annual policy review "
            "and a 45-minute reassessment interview.",
        ),
    },
]

CTA = {
    "heading": "Ready to be assessed?",
    "text": "Join the waitlist for the next assessment window. We will send the rubric and dates before you commit.",
    "link": {"label": "Join the waitlist", "page": None, "url": "/waitlist/"},
}

# Holder names in several scripts (demo people, not real ones).
NAMES = [
    "Amara Okafor",
    "Lukas Schneider",
    "Sofia Marques",
    "Hiroshi Tanaka",
    "Priya Raman",
    "Mateo Fernández",
    "Aoife Byrne",
    "Kwame Mensah",
    "Ingrid Johansson",
    "Chen Jing (陈静)",
    "Yusuf Demir",
    "Élodie Martin",
    "Олена Коваленко",
    "Rahul Verma",
    "Zanele Dlamini",
    "Tomás Ó Briain",
    "Fatima Al-Sayed",
    "李娜",
    "Nikolai Petrov",
    "Grace Adeyemi",
    "María José López",
    "Søren Kierkegaard Nielsen",
    "Ana Ionescu",
    "David Cohen",
    "Mei Ling Tan",
    "Oluwaseun Bakare",
    "Katarzyna Nowak",
    "Jamal Haddad",
    "Emma Thompson-Wright",
    "Kenji Sato",
    "Layla Haddad",
    "Bartholomew O'Neill",
    "Nguyễn Thị Lan",
    "Ελένη Παπαδοπούλου",
    "Arjun Mehta",
    "Camille Dubois",
    "عمر خالد",
    "Siobhán Kelly",
    "Hannah Fischer",
    "김민준",
    "Rosa Delgado",
    "Thabo Nkosi",
    "Aleksandra Wójcik",
    "Benjamin Okoro",
    "Isabella Rossi",
    "שרה לוי",
    "Joon-ho Park",
    "Clara Hoffmann",
    "Pedro Alvarez",
    "Ayesha Siddiqui",
]

# (state to reach, count) in order; "superseded" renews the credential (the renewal is valid).
PLAN = [("valid", 26), ("expired", 8), ("suspended", 4), ("revoked", 3), ("superseded", 4), ("hidden", 3)]
SEED = 20261124


def demo_id(rng, tier_code):
    body = f"AS{ids.tier_letter(tier_code)}" + "".join(rng.choice(ids.ALPHABET) for _ in range(ids.RANDOM_LENGTH))
    return ids.format_credential_id(body + ids.check_character(body))


def load_tiers(index, stdout):
    tiers = {}
    previous = None
    for spec in TIERS:
        tier = TierPage.objects.filter(code=spec["code"]).first()
        fields = {key: value for key, value in spec.items() if key not in {"competencies"}}
        competencies = [
            {"type": "competency", "value": {"title": title, "description": text}}
            for title, text in spec["competencies"]
        ]
        if tier is None:
            tier = TierPage(
                slug=spec["title"].lower(),
                competencies=competencies,
                call_to_action=[{"type": "call_to_action", "value": CTA}],
                prerequisite=previous,
                search_description=spec["short_description"],
                **fields,
            )
            index.add_child(instance=tier)
            tier.save_revision().publish()
            stdout.write(f"Created the {tier.title} tier.")
        elif not tier.description:
            # An older demo made the bare tier: fill in what is missing, keep what an editor changed.
            for key, value in fields.items():
                if not getattr(tier, key):
                    setattr(tier, key, value)
            tier.competencies = competencies
            tier.call_to_action = [{"type": "call_to_action", "value": CTA}]
            tier.prerequisite = tier.prerequisite or previous
            tier.save_revision().publish()
            stdout.write(f"Filled in the {tier.title} tier.")
        tiers[spec["code"]] = previous = tier
    return tiers


def load_credentials(tiers, stdout):
    if Credential.objects.filter(external_ref__startswith="DEMO-").exists():
        return
    rng = random.Random(SEED)  # noqa: S311 - demo IDs are meant to be reproducible
    today = timezone.now().date()
    codes = list(tiers)
    number = 0
    for state, count in PLAN:
        for _ in range(count):
            name = NAMES[number % len(NAMES)]
            number += 1
            code = codes[(number * 7) % len(codes)] if state != "valid" else codes[number % len(codes)]
            tier = tiers[code]
            if state == "expired":
                issued_on = add_months(today, -(tier.validity_months + 1 + number % 9))
            elif state == "superseded":
                issued_on = add_months(today, -(tier.validity_months - 1))
            else:
                issued_on = today - datetime.timedelta(days=20 + (number * 37) % 500)
            email = f"demo.holder{number:02d}@example.com"
            credential = services.issue_credential(
                holder_name=name,
                holder_email=email,
                tier=tier,
                issued_on=issued_on,
                external_ref=f"DEMO-{number:03d}",
                actor="demo content",
                credential_id=demo_id(rng, code),
            )
            if state == "suspended":
                services.suspend_credential(
                    credential.credential_id, reason="Demo: complaint under review", actor="demo content"
                )
            elif state == "revoked":
                services.revoke_credential(
                    credential.credential_id, reason="Demo: assessment misconduct upheld", actor="demo content"
                )
            elif state == "superseded":
                services.renew_credential(
                    credential.credential_id, actor="demo content", new_credential_id=demo_id(rng, code)
                )
            elif state == "hidden":
                services.set_public_verification(credential, False)
    stdout.write(
        f"Created {Credential.objects.filter(holder_email__startswith='demo.holder').count()} demo credentials."
    )


def demo_ids_to_try():
    """One demo credential ID per shown status (plus a hidden one), for the README."""
    examples = {}
    for credential in Credential.objects.filter(holder_email__startswith="demo.holder").select_related("tier"):
        key = credential.status if credential.public_verification else "not public (404)"
        examples.setdefault(key, credential.credential_id)
    return examples


def load(home, stdout):
    index = certification_index(home, **INDEX)
    changed = False
    for key in ("comparison_intro", "seo_title", "search_description"):
        if not getattr(index, key):
            setattr(index, key, INDEX[key])
            changed = True
    if changed:
        index.save_revision().publish()
    tiers = load_tiers(index, stdout)
    load_credentials(tiers, stdout)
    return index
