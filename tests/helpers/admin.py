"""The admin's change form as a browser would post it: every field the page holds, with the value it shows."""

from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "image", "file", "reset"}


class _ChangeForm(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self.in_form = False
        self.textarea: str | None = None
        self.text = ""
        self.select: tuple[str, bool] | None = None
        self.options: list[tuple[str, bool]] = []

    def add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "disabled" in attrs:
            return
        if tag == "input" and attrs.get("name") and attrs.get("type", "text") not in SKIPPED_INPUTS:
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.add(attrs["name"], attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "textarea" and attrs.get("name"):
            self.textarea, self.text = attrs["name"], ""
        elif tag == "select" and attrs.get("name"):
            self.select, self.options = (attrs["name"], "multiple" in attrs), []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea:
            self.add(self.textarea, self.text.removeprefix("\n"))  # browsers drop the newline after the tag
            self.textarea = None
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            for value in chosen if multiple else (chosen or [v for v, _ in self.options])[:1]:
                self.add(name, value)
            self.select = None


def change_form_data(response) -> dict[str, str | list[str]]:
    """The fields of the admin page's form (the model's and its inlines'), as its save button would post them."""
    parser = _ChangeForm()
    parser.feed(response.content.decode())
    return {name: values[0] if len(values) == 1 else values for name, values in parser.data.items()}


def field_holding(data: dict, value: str) -> str:
    """The name of the one field whose value is ``value`` (a paragraph's text, say)."""
    names = [name for name, held in data.items() if held == value]
    assert len(names) == 1, (value, names)
    return names[0]
