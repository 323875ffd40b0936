"""The badge picture a credential is baked into: a plain PNG drawn with Pillow (no fonts to ship)."""

import io

from PIL import Image, ImageDraw, ImageFont

SIZE = 400
COLOURS = {1: (31, 95, 139), 2: (27, 122, 90), 3: (122, 62, 140), 4: (150, 72, 30)}


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: a fixed bitmap font
        return ImageFont.load_default()


def badge_png(tier):
    image = Image.new("RGB", (SIZE, SIZE), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    colour = COLOURS.get(tier.level, (40, 40, 40))
    draw.ellipse((16, 16, SIZE - 16, SIZE - 16), fill=colour)
    draw.ellipse((36, 36, SIZE - 36, SIZE - 36), outline=(255, 255, 255), width=4)
    for text, y, size in (("AGENCY SCRIPT", 120, 26), (tier.title, 185, 44), (tier.code, 260, 30)):
        draw.text((SIZE / 2, y), text, fill=(255, 255, 255), font=_font(size), anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
