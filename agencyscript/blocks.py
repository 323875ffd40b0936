"""StreamField blocks for the site's standard pages (and reused by the blog)."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


def is_blank(rich_text):
    """True when rich text shows a reader nothing: empty, or only tags and whitespace."""
    return not strip_tags(str(getattr(rich_text, "source", rich_text) or "")).replace("&nbsp;", " ").strip()


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site (preferred: it survives moves) or to any URL."""

    label = blocks.CharBlock(max_length=80)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False, max_length=300, help_text="Only when the target is not a page of this site."
    )

    class Meta:
        icon = "link"
        description = "A labelled link to a page of the site or an address."
        template = "components/blocks/link_block.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ErrorList([ValidationError("Choose a page or enter an address, not both.")])}
            )
        return value


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "h2"
        description = "A section heading (level 2). It also appears in the table of contents."
        template = "components/blocks/heading_block.html"
        preview_value = "How the assessment works"
        form_classname = "title"


class SubheadingBlock(blocks.CharBlock):
    class Meta:
        icon = "h3"
        description = "A sub-heading (level 3) inside a section."
        template = "components/blocks/subheading_block.html"
        preview_value = "What the assessor looks for"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        # A draft may hold an unfinished paragraph; what is submitted or published may not.
        if not self.is_deferred_validation and is_blank(value):
            raise ValidationError("This paragraph is empty: write it or remove the block.")
        return value

    class Meta:
        icon = "pilcrow"
        description = "Paragraphs of text with lists, emphasis and links."
        template = "components/blocks/paragraph_block.html"
        preview_value = (
            "<p>Every certification decision is made by a named assessor against a published rubric, "
            "and every decision can be appealed.</p>"
        )


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("note", "Note"), ("important", "Important"), ("warning", "Warning")], default="note"
    )
    title = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        description = "A highlighted box for a point the reader must not miss."
        template = "components/blocks/callout_block.html"
        preview_value = {
            "tone": "important",
            "title": "Before you apply",
            "text": "<p>Operator candidates must hold a current Foundation credential.</p>",
        }


class CaptionedImageBlock(blocks.StructBlock):
    # Wagtail's ImageBlock requires alt text unless the image is marked decorative.
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        description = "An image with alternative text and an optional caption."
        template = "components/blocks/captioned_image_block.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    link = LinkBlock()

    class Meta:
        icon = "pick"
        description = "A closing prompt with one clear action."
        template = "components/blocks/cta_block.html"
        preview_value = {
            "heading": "Ready to certify your AI capability?",
            "text": "Start with the Foundation assessment.",
            "link": {"label": "See the certification tiers", "url": "/certification/"},
        }


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=250)
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = "Question"

    def clean(self, value):
        value = super().clean(value)
        if not self.is_deferred_validation and is_blank(value.get("answer")):
            raise blocks.StructBlockValidationError(
                block_errors={"answer": ErrorList([ValidationError("Answer the question, or remove it.")])}
            )
        return value


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(default="Frequently Asked Questions", max_length=120)
    items = blocks.ListBlock(FAQItemBlock(), min_num=1)

    class Meta:
        icon = "help"
        description = "Questions and answers, shown as an accessible list and in the page's structured data."
        template = "components/blocks/faq_block.html"
        preview_value = {
            "title": "Frequently Asked Questions",
            "items": [
                {
                    "question": "How long is a credential valid?",
                    "answer": "<p>Two years for most tiers. Renewal needs evidence of recent practice.</p>",
                }
            ],
        }


class StandardStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    subheading = SubheadingBlock()
    paragraph = ParagraphBlock()
    callout = CalloutBlock()
    image = CaptionedImageBlock()
    call_to_action = CallToActionBlock()
    faq = FAQBlock()
