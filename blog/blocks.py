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


class ArticleImageBlock(site_blocks.CaptionedImageBlock):
    """The site's captioned image, previewed with the newest image in the library."""

    def get_preview_value(self):
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-created_at").first()
        if image is None:
            return None
        return self.to_python(
            {
                "image": {"image": image.pk, "alt_text": image.title, "decorative": False},
                "caption": "A caption says what the image shows and why it matters.",
            }
        )

    class Meta:
        icon = "image"
        description = "An image with alternative text (unless marked decorative) and an optional caption."
        template = "components/blocks/captioned_image_block.html"


class ArticleStreamBlock(blocks.StreamBlock):
    heading = site_blocks.HeadingBlock()
    subheading = site_blocks.SubheadingBlock()
    paragraph = site_blocks.ParagraphBlock()
    quote = QuoteBlock()
    callout = site_blocks.CalloutBlock()
    image = ArticleImageBlock()
    call_to_action = site_blocks.CallToActionBlock()
    faq = site_blocks.FAQBlock()
    key_takeaways = KeyTakeawaysBlock()
