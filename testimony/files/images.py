"""Images opened only by the allowed Pillow plugins, verified and decoded in a
guarded step, and re-encoded into derivatives without their metadata.

Pillow's decompression-bomb limit stays on: its warning (more than
``Image.MAX_IMAGE_PIXELS``) is treated as the error it precedes.
"""

import io
import warnings

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

WEB_SIDE = 1600
THUMBNAIL_SIDE = 320


class UnsafeImage(ValueError):
    """An image that is refused; the message says why, for the cataloguer."""


def _open(fileobj, pillow_format: str) -> Image.Image:
    fileobj.seek(0)
    return Image.open(fileobj, formats=[pillow_format])


def check_image(fileobj, pillow_format: str, label: str) -> tuple[int, int]:
    """Verify and fully decode the image; return its size. Raises UnsafeImage."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with _open(fileobj, pillow_format) as probe:
                probe.verify()
            with _open(fileobj, pillow_format) as image:
                image.load()
                return image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise UnsafeImage(
                _("The image has too many pixels to open safely (the limit is %(limit)s pixels).")
                % {"limit": f"{Image.MAX_IMAGE_PIXELS:,}"}
            ) from exc
        except UnidentifiedImageError as exc:
            raise UnsafeImage(
                _("This is not a readable %(type)s image.") % {"type": label}
            ) from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise UnsafeImage(
                _("The %(type)s image is damaged or truncated (%(error)s).")
                % {"type": label, "error": exc}
            ) from exc


def derivative(fileobj, pillow_format: str, side: int) -> bytes:
    """A JPEG at most ``side`` pixels wide and high, turned upright, with no EXIF,
    GPS or other metadata (nothing is copied across but the pixels)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with _open(fileobj, pillow_format) as image:
            if pillow_format == "JPEG":
                image.draft("RGB", (side, side))  # decode at the smallest scale still >= side
            orientation = image.getexif().get(0x0112)
            image.thumbnail((side, side))
            if orientation:
                image.info["exif"] = _orientation_only(orientation)
                image = ImageOps.exif_transpose(image)
            image = _flatten(image)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85, optimize=True)
            return out.getvalue()


def _orientation_only(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparency and palettes have no place in a JPEG."""
    if image.mode == "RGB":
        return image
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def derivative_size(stored) -> tuple[int, int]:
    """The width and height of a stored derivative, read from its header only."""
    with stored.open("rb") as handle, Image.open(handle, formats=["JPEG"]) as image:
        return image.size
