"""Text of the demo site's standard and form pages, written for Agency Script.

Each body is a list of ``(block_type, value)`` pairs for ``StandardStreamBlock``.
"""


def heading(text):
    return ("heading", text)


def subheading(text):
    return ("subheading", text)


def paragraphs(*texts):
    return ("paragraph", "".join(f"<p>{text}</p>" for text in texts))


def bullets(*items):
    return ("paragraph", "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


def callout(title, text, tone="note"):
    return ("callout", {"tone": tone, "title": title, "text": f"<p>{text}</p>"})


def faq(*pairs, title="Frequently Asked Questions"):
    return (
        "faq",
        {"title": title, "items": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in pairs]},
    )


def cta(heading_text, text, label, url):
    return (
        "call_to_action",
        {"heading": heading_text, "text": text, "link": {"label": label, "page": None, "url": url}},
    )


WAITLIST_CTA = cta(
    "Ready to certify your AI capability?",
    "Assessment places open in small cohorts. Join the waitlist and we will tell you when yours opens.",
    "Join the waitlist",
    "/waitlist/",
)

STANDARD_PAGES = [
    {
        "slug": "courses",
        "title": "Courses",
        "introduction": (
            "Preparation courses for each certification tier, taught by practising agency operators and "
            "built around the same rubrics our assessors use."
        ),
        "body": [
            heading("Learn against the standard, not around it"),
            paragraphs(
                "Our courses do not teach to the test. They teach the judgment the test looks for: when to "
                "use a model and when not to, how to scope AI-assisted work so that a client can hold you "
                "to it, and how to leave a record that survives an audit.",
                "Every course is cohort-based, runs for four to eight weeks and ends with a practice "
                "assessment marked by a certified assessor who is not your instructor.",
            ),
            heading("Courses by tier"),
            subheading("Foundation preparation"),
            paragraphs(
                "Six weeks, about four hours a week. Data handling, honest scoping, model limitations and "
                "the basics of client disclosure. No prior certification needed."
            ),
            subheading("Operator preparation"),
            paragraphs(
                "Eight weeks. Running AI workflows with review points, escalation paths and delivery logs. "
                "You bring a live or recent client engagement and work on it throughout."
            ),
            subheading("Architect and Principal seminars"),
            paragraphs(
                "Small seminars of no more than ten participants, built around written design reviews and "
                "policy drafting. Entry is by application."
            ),
            callout(
                "A course is not a credential",
                "Completing a course never grants a credential on its own. Certification is decided only by "
                "the independent assessment for your tier.",
                "important",
            ),
            WAITLIST_CTA,
        ],
    },
    {
        "slug": "enterprise",
        "title": "Enterprise",
        "introduction": (
            "Certify a delivery team, not just individuals: shared standards, one assessment schedule and a "
            "register of who holds which credential."
        ),
        "body": [
            heading("Why agencies certify whole teams"),
            paragraphs(
                "Clients increasingly ask who touched their data, who reviewed a model's output and under "
                "which policy. A certified team can answer with names, tiers and dates, and every answer "
                "can be checked by the client on this site.",
            ),
            heading("What an enterprise programme includes"),
            bullets(
                "A readiness review of your current AI delivery practice against the Agency Script standard.",
                "Reserved assessment slots for your team, scheduled around client work.",
                "A private team register showing every credential, its status and its renewal date.",
                "Quarterly briefings on changes to the standard and what they mean for your contracts.",
            ),
            heading("Independence"),
            paragraphs(
                "Enterprise customers pay for scheduling and support, never for outcomes. Assessors do not "
                "know which candidates come through an enterprise programme, and our pass rates are "
                "published for both groups every year."
            ),
            faq(
                (
                    "How many people do we need to start?",
                    "Enterprise programmes start at five candidates. Smaller teams are welcome to certify "
                    "individually.",
                ),
                (
                    "Can we see our team members' results?",
                    "You see whether each person holds a credential and its status, exactly as any "
                    "employer could. Marks and assessor notes stay with the candidate.",
                ),
            ),
            cta(
                "Talk to us about your team",
                "Tell us about your agency and we will propose a programme within five working days.",
                "Contact the enterprise team",
                "/contact/",
            ),
        ],
    },
    {
        "slug": "founders",
        "title": "Founders",
        "introduction": (
            "Agency Script was founded by people who ran agencies through the first wave of generative AI "
            "and saw what happens when speed outruns judgment."
        ),
        "body": [
            heading("Why we started"),
            paragraphs(
                "Between us we have run delivery for more than two hundred client engagements that relied "
                "on AI systems. The failures we saw were rarely technical. They were failures of scoping, "
                "of disclosure and of review: work shipped because it looked finished.",
                "We built Agency Script to make the opposite behaviour visible and verifiable: to give "
                "careful practitioners a credential that means something, and to give their clients a way "
                "to check it.",
            ),
            heading("How we keep ourselves honest"),
            bullets(
                "Founders do not assess candidates and do not sit on appeal panels.",
                "The standard is revised in public, with a comment period for every change.",
                "Our governance board has a majority of members with no commercial interest in the company.",
            ),
            paragraphs('Read more about the organisation on our <a href="/about/">About</a> page.'),
        ],
    },
    {
        "slug": "platform",
        "title": "Platform",
        "introduction": (
            "The Agency Script platform is where candidates prepare, sit their assessments and keep the "
            "evidence that supports their credential."
        ),
        "body": [
            heading("One place for the whole journey"),
            paragraphs(
                "From your first practice task to your renewal three years later, the platform keeps a "
                "single, exportable record of your work against the standard."
            ),
            bullets(
                "Practice tasks with written feedback against the published rubric.",
                "Assessment booking, submission and results, with the assessor's reasoning.",
                "An evidence log for renewals: client engagements, reviews and incidents you handled.",
                "Your public credential page and its share link, which you control.",
            ),
            heading("Built for scrutiny"),
            paragraphs(
                "Every decision on the platform is logged and attributable. You can download everything "
                "we hold about you at any time, and delete what the law lets you delete."
            ),
            WAITLIST_CTA,
        ],
    },
    {
        "slug": "launch-program",
        "title": "Launch Program",
        "introduction": (
            "A twelve-week programme for founders starting an AI-enabled agency who want governance built "
            "in from the first client."
        ),
        "body": [
            heading("Who it is for"),
            paragraphs(
                "Founders in their first year, or experienced practitioners leaving a larger agency to "
                "start their own. You should already hold, or be preparing for, the Foundation credential."
            ),
            heading("What you leave with"),
            bullets(
                "A written AI use policy you can put in front of a client's procurement team.",
                "Engagement templates with honest scoping and disclosure clauses.",
                "A delivery log and review process sized for a team of one to ten.",
                "A peer group of founders held to the same standard.",
            ),
            callout(
                "Cohorts are small",
                "Each cohort takes twelve founders so that every policy and template gets a line-by-line review.",
            ),
            WAITLIST_CTA,
        ],
    },
    {
        "slug": "vault",
        "title": "Vault",
        "introduction": (
            "Vault is our library of reviewed policies, contract clauses and incident write-ups, "
            "available to every credential holder."
        ),
        "body": [
            heading("What is in the Vault"),
            bullets(
                "Policy templates reviewed against the current standard, with notes on where to adapt them.",
                "Contract clauses for disclosure, data handling and human review.",
                "Anonymised incident write-ups from certified practitioners, with what they changed afterwards.",
            ),
            heading("How it is kept current"),
            paragraphs(
                "Every document carries the version of the standard it was last reviewed against. When the "
                "standard changes, affected documents are flagged until they have been reviewed again."
            ),
        ],
    },
    {
        "slug": "the-book",
        "title": "The Book",
        "introduction": (
            "Governed: Building an AI-Enabled Agency That Clients Can Trust is the long-form companion to "
            "the Agency Script standard."
        ),
        "body": [
            heading("About the book"),
            paragraphs(
                "The book explains the reasoning behind each part of the standard, with worked examples "
                "from real engagements. It is written for practitioners, not for marketing departments: "
                "every chapter ends with the questions an assessor would ask you.",
            ),
            heading("Chapters"),
            bullets(
                "Scoping work you can defend",
                "Disclosure that clients actually read",
                "Review points and who owns them",
                "When the model is wrong: incidents and recovery",
                "Pricing AI-assisted work honestly",
                "Growing without lowering the bar",
            ),
            paragraphs("Credential holders receive the digital edition free of charge."),
        ],
    },
    {
        "slug": "partners",
        "title": "Partners",
        "introduction": (
            "We work with training providers, professional bodies and insurers who share our view that "
            "AI-enabled work should be governed, evidenced and verifiable."
        ),
        "body": [
            heading("Types of partnership"),
            subheading("Approved training providers"),
            paragraphs(
                "Providers whose courses map to our published rubrics. Approval is reviewed every year and "
                "never implies that completing a course grants a credential."
            ),
            subheading("Professional bodies"),
            paragraphs(
                "Associations that recognise Agency Script credentials towards their own continuing "
                "professional development requirements."
            ),
            subheading("Insurers"),
            paragraphs(
                "Professional indemnity insurers who take certification into account when assessing agencies "
                "that deliver AI-assisted work."
            ),
            heading("Becoming a partner"),
            paragraphs(
                "Partners agree to our conflict-of-interest rules and to public listing on this page. "
                '<a href="/contact/">Contact us</a> to start a conversation.'
            ),
        ],
    },
    {
        "slug": "pricing",
        "title": "Pricing",
        "introduction": "Published prices, the same for everyone. Fees pay for assessment, never for a result.",
        "body": [
            heading("Assessment fees"),
            bullets(
                "<b>Foundation (AS-F):</b> $290 per assessment attempt.",
                "<b>Operator (AS-O):</b> $640 per assessment attempt.",
                "<b>Architect (AS-A):</b> $1,450, including the written design review and panel interview.",
                "<b>Principal (AS-P):</b> $2,900, including the portfolio review and two panel interviews.",
            ),
            heading("Renewal"),
            paragraphs(
                "Renewal costs 40% of the assessment fee for the tier and is assessed on evidence of recent "
                "practice rather than a new exam."
            ),
            heading("Fee support"),
            paragraphs(
                "We reduce fees by half for candidates from registered non-profits and for independent "
                "practitioners earning below the threshold published in our fee policy. Reductions never "
                "appear on a credential."
            ),
            faq(
                (
                    "What happens if I do not pass?",
                    "You receive the assessor's written reasoning and can resit after 60 days at the same fee.",
                ),
                (
                    "Do employers pay to verify a credential?",
                    "No. Verification is free for everyone, with no account required.",
                ),
            ),
        ],
    },
    {
        "slug": "about",
        "title": "About Agency Script",
        "introduction": (
            "Agency Script is an independent certification body for the people who build AI-enabled "
            "agencies. Standards over scale. Judgment over volume. Governance over shortcuts."
        ),
        "body": [
            heading("What we do"),
            paragraphs(
                "We publish a standard for delivering client work with AI systems, assess practitioners "
                "against it at four tiers, and keep a public register so that anyone can verify a "
                "credential in seconds.",
            ),
            heading("How we are governed"),
            paragraphs(
                "A governance board, most of whose members have no commercial interest in Agency Script, "
                "owns the standard and hears final appeals. Assessors are contracted per assessment, "
                "declare conflicts of interest and never assess candidates they have trained.",
            ),
            heading("What we will not do"),
            bullets(
                "Sell credentials, guarantee results or offer pass-rate targets to customers.",
                "Share a candidate's marks or assessor notes with their employer.",
                "Hide a revocation: a revoked credential shows as revoked for as long as it exists.",
            ),
            callout(
                "Checking a credential",
                'Anyone can check a credential on our <a href="/verify/">verification page</a>. '
                "It shows status, holder name, tier and dates, and nothing else.",
            ),
        ],
    },
    {
        "slug": "careers",
        "title": "Careers",
        "introduction": (
            "We are a small team that cares about doing careful work well. We hire slowly and write things down."
        ),
        "body": [
            heading("Open roles"),
            subheading("Lead assessor, Operator tier"),
            paragraphs(
                "Contract, remote. You hold or are eligible for the Architect credential and have at least "
                "five years of client delivery experience. You will mark assessments and train new assessors."
            ),
            subheading("Standards editor"),
            paragraphs(
                "Full time, remote within three hours of UTC. You will run public consultations on changes "
                "to the standard and write the guidance that goes with them."
            ),
            heading("How we hire"),
            paragraphs(
                "Every role has a written brief, a paid work sample and a structured interview. We tell "
                "every applicant the outcome and, if they ask, why."
            ),
            paragraphs(
                'To apply, use our <a href="/contact/">contact form</a> and choose \u201cSomething else\u201d.'
            ),
        ],
    },
    {
        "slug": "press",
        "title": "Press",
        "introduction": "Information for journalists writing about AI-enabled agencies, certification and governance.",
        "body": [
            heading("Facts about Agency Script"),
            bullets(
                "Independent certification body for AI-enabled agency practitioners.",
                "Four credential tiers: Foundation, Operator, Architect and Principal.",
                "Every credential can be verified publicly, free of charge, at agencyscript.com/verify.",
            ),
            heading("Press enquiries"),
            paragraphs(
                'We answer press enquiries within one working day. Use the <a href="/contact/">contact '
                "form</a> and choose \u201cPress\u201d. We do not comment on individual candidates or "
                "assessments."
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy Policy",
        "introduction": (
            "What personal data Agency Script holds, why, for how long, and what you can ask us to do with it."
        ),
        "body": [
            heading("Who we are"),
            paragraphs(
                "Agency Script, Inc. is the controller of the personal data described here. You can reach "
                'our data protection contact through the <a href="/contact/">contact form</a>.'
            ),
            heading("What we collect"),
            bullets(
                "<b>Candidates and credential holders:</b> name, email address, assessment submissions and results.",
                "<b>Waitlist and newsletter:</b> your email address, name and role if given, and a record of "
                "your consent (when, on which page, and which wording you agreed to).",
                "<b>Verification:</b> when someone checks a credential we record the time, the credential "
                "ID and the outcome, with a keyed hash of the network address, never the address itself.",
            ),
            heading("What we publish"),
            paragraphs(
                "A credential's verification page shows the holder's name as printed, the tier, the dates "
                "and the status. Holders can turn public verification off from their account."
            ),
            heading("Cookies"),
            paragraphs(
                "Public pages set no cookies. Signing in sets one session cookie and one security cookie, "
                "both strictly necessary. We use no advertising or analytics trackers."
            ),
            heading("Your rights"),
            paragraphs(
                "You can ask for a copy of your data, its correction or its deletion, and you can withdraw "
                "newsletter consent at any time with the link in every email. Records we must keep to show "
                "that a credential was validly issued or revoked are kept for as long as the credential exists."
            ),
        ],
    },
    {
        "slug": "terms",
        "title": "Terms of Service",
        "introduction": "The terms that apply when you use agencyscript.com and the Agency Script platform.",
        "body": [
            heading("Using this site"),
            paragraphs(
                "You may read, share and link to any public page. You may verify any credential, but you "
                "may not scrape the register or attempt to enumerate credential IDs; requests are limited "
                "to protect holders' privacy."
            ),
            heading("Accounts"),
            paragraphs(
                "You are responsible for keeping your password private. Tell us at once if you believe "
                "someone else has used your account."
            ),
            heading("Content"),
            paragraphs(
                "Articles and guidance on this site are general information, not legal advice. The Agency "
                "Script standard itself is published under its own licence, stated on each version."
            ),
            heading("Changes"),
            paragraphs(
                "We give at least 30 days' notice of material changes to these terms by email to account holders."
            ),
        ],
    },
    {
        "slug": "certification-agreement",
        "title": "Certification Agreement",
        "introduction": "The agreement between Agency Script and every candidate and credential holder.",
        "body": [
            heading("What you agree to"),
            bullets(
                "Your assessment submissions are your own work, and you disclose any AI assistance as the "
                "assessment instructions require.",
                "You use the credential name, code and ID only for the tier you hold and only while it is valid.",
                "You tell us within 30 days of any finding against you by a court, regulator or professional "
                "body that relates to your practice.",
            ),
            heading("What we agree to"),
            bullets(
                "Every decision is made against the published rubric by an assessor who has declared any "
                "conflict of interest.",
                "You receive written reasons for every decision and can appeal to an independent panel.",
                "We show your credential's status accurately and promptly, including after renewal.",
            ),
            heading("Suspension and revocation"),
            paragraphs(
                "We may suspend a credential while we investigate a credible complaint, and revoke it if the "
                "investigation finds a serious breach of the standard or of this agreement. Reasons are given "
                "to the holder in writing and are never shown publicly."
            ),
        ],
    },
    {
        "slug": "security",
        "title": "Security",
        "introduction": (
            "How we protect the credential register and the people in it, and how to report a vulnerability."
        ),
        "body": [
            heading("Protecting the register"),
            bullets(
                "Credential IDs carry a check character, so most typing mistakes are caught before any lookup.",
                "Lookups are rate limited per network to prevent enumeration of the register.",
                "Every change to a credential is recorded in an append-only audit log with who, when and why.",
                "The site sends strict security headers, including a Content-Security-Policy with no inline scripts.",
            ),
            heading("Reporting a vulnerability"),
            paragraphs(
                "If you believe you have found a security problem, please tell us through the "
                '<a href="/contact/">contact form</a> with the topic \u201cSomething else\u201d and the '
                "word SECURITY in the first line. We acknowledge reports within two working days and will "
                "not take legal action against good-faith research that respects holders' privacy."
            ),
        ],
    },
]

FORM_PAGES = [
    {
        "slug": "waitlist",
        "title": "Join the waitlist",
        "form_type": "waitlist",
        "introduction": (
            "Assessment places open in small cohorts so that every candidate has a named assessor. "
            "Tell us which tier interests you and we will email you when a place opens."
        ),
        "submit_label": "Join the waitlist",
        "thank_you_heading": "You're on the waitlist",
        "thank_you_text": (
            "Thank you. We have sent a confirmation to your email address and will write again when a place "
            "in your tier opens. If you sign up again with the same address, we simply update your details."
        ),
    },
    {
        "slug": "newsletter",
        "title": "Stay informed",
        "form_type": "newsletter",
        "introduction": "Governance updates, certification insights, and industry standards, about once a month.",
        "submit_label": "Subscribe",
        "thank_you_heading": "Check your inbox",
        "thank_you_text": (
            "If this address can receive our newsletter, we have sent it a link to confirm. The link works "
            "for 48 hours. Nothing is sent until you confirm."
        ),
    },
    {
        "slug": "contact",
        "title": "Contact",
        "form_type": "contact",
        "introduction": (
            "Questions about certification, enterprise programmes, verification or the press: we answer "
            "within two working days."
        ),
        "body": [
            paragraphs(
                "To check a credential you do not need to contact us: use the "
                '<a href="/verify/">verification page</a>, which is always current.'
            ),
        ],
        "submit_label": "Send message",
        "thank_you_heading": "Message sent",
        "thank_you_text": "Thank you for writing. A member of the team will reply within two working days.",
    },
]
