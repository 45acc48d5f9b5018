"""The Atom feed type of the portal's feeds: no control character reaches the XML.

Django's XML writer raises on a control character (XML 1.0 has no way to
write one), so one vertical tab in one stored summary would fail the whole
feed for everyone. Every text given to the feed passes
`core.text.strip_control_characters()` first.
"""

from django.utils.feedgenerator import Atom1Feed

from .text import strip_control_characters


def _clean(value):
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    return value


class SafeAtom1Feed(Atom1Feed):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *(_clean(arg) for arg in args), **{k: _clean(v) for k, v in kwargs.items()}
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *(_clean(arg) for arg in args), **{k: _clean(v) for k, v in kwargs.items()}
        )
