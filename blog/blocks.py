"""StreamField blocks for articles: the site's blocks plus a quote and key takeaways."""

from wagtail import blocks

from agencyscript import blocks as site_blocks

INLINE_FEATURES = ["bold", "italic", "link"]


class QuoteBlock(blocks.StructBlock):
    quote = blocks.RichTextBlock(features=INLINE_FEATURES)
    attribution = blocks.CharBlock(required=False, max_length=160)

    class Meta:
        icon = "openquote"
        description = "A quotation set apart from the text, with an optional attribution."
        template = "components/blocks/quote_block.html"
        preview_value = {
            "quote": "<p>We did not lack a policy. We lacked a moment in the week where anyone read it.</p>",
            "attribution": "Delivery lead, 14-person agency",
        }


class KeyTakeawaysBlock(blocks.StructBlock):
    title = blocks.CharBlock(default="Key Takeaways", max_length=120)
    points = blocks.ListBlock(blocks.RichTextBlock(features=INLINE_FEATURES, label="Point"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Key takeaways"
        description = "A short list of the points a reader should leave with. It appears in the table of contents."
        template = "components/blocks/key_takeaways_block.html"
        preview_value = {
            "title": "Key Takeaways",
            "points": [
                "<p>Name one person who can stop a release.</p>",
                "<p>Write down what the model is not allowed to do.</p>",
            ],
        }


class ArticleStreamBlock(blocks.StreamBlock):
    heading = site_blocks.HeadingBlock()
    subheading = site_blocks.SubheadingBlock()
    paragraph = site_blocks.ParagraphBlock()
    quote = QuoteBlock()
    callout = site_blocks.CalloutBlock()
    image = site_blocks.CaptionedImageBlock()
    call_to_action = site_blocks.CallToActionBlock()
    faq = site_blocks.FAQBlock()
    key_takeaways = KeyTakeawaysBlock()
