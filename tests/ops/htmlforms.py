"""What a browser would submit for a form on a page (for the load and fuzz tests)."""

from html.parser import HTMLParser


class FormParser(HTMLParser):
    """The values a browser would submit for one form of the page.

    `form_id` is the form's id, or "action:<url>" for the form posting to that
    URL, or "post" for the first POST form that is not the header's logout form
    ("post:2" for the second).
    """

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.found = form_id, False, False
        self._post_forms = 0
        self.fields: list[tuple[str, str]] = []
        self._select = self._textarea = None
        self._options: list[tuple[str, bool]] = []
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = not self.found and self._wanted(a)
            self.found = self.found or self.inside
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""

    def _wanted(self, a: dict) -> bool:
        if self.form_id.startswith("action:"):
            return a.get("action") == self.form_id.removeprefix("action:")
        if self.form_id.partition(":")[0] == "post":
            if (a.get("method") or "").lower() != "post" or "logout" in (a.get("action") or ""):
                return False
            self._post_forms += 1
            return self._post_forms == int(self.form_id.partition(":")[2] or 1)
        return a.get("id") == self.form_id

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options:
                chosen = [self._options[0][0]]
            self.fields += [(self._select, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def form_values(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormParser(form_id)
    parser.feed(html)
    return parser.fields
