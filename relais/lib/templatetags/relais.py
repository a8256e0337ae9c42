"""Form rendering with Bootstrap classes and accessible error wiring."""

from django import forms, template
from django.utils import formats, translation

register = template.Library()


@register.simple_tag
def widget(field, **attrs):
    """Render a bound field's widget with Bootstrap's class, and tie it to its help and errors."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        css += " is-invalid"
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.field.required:
        attrs["required"] = True
    existing = widget.attrs.get("class", "")
    attrs["class"] = f"{existing} {css}".strip()
    return field.as_widget(attrs=attrs)


@register.filter
def colon(label: str) -> str:
    """A label followed by a colon, as the page's language writes it:
    French puts a non-breaking space before it ("Langue : arabe")."""
    return f"{label}\u00a0:" if translation.get_language() == "fr" else f"{label}:"


@register.filter
def split(value: str) -> list[str]:
    """Words of a string, to loop over field names in a template."""
    return value.split()


@register.filter
def field(form, name: str):
    """A form's bound field by name (``form|field:name`` inside a loop)."""
    return form[name]


@register.filter
def duration(minutes) -> str:
    """Minutes as hours and minutes: 90 → "1:30"."""
    if minutes in (None, ""):
        return "—"
    return f"{int(minutes) // 60}:{int(minutes) % 60:02d}"


@register.filter
def cell(value, kind: str) -> str:
    """A table cell as the page's language writes numbers: "1 234", "85 %", "3,5"."""
    if value is None or value == "":
        return "—"
    if kind == "percent":
        number = formats.number_format(value * 100, 0)
        return f"{number}\u00a0%" if translation.get_language() in {"fr", "nl"} else f"{number}%"
    if kind == "decimal":
        return formats.number_format(value, 1, force_grouping=True)
    if kind == "number":
        return formats.number_format(value, 0, force_grouping=True)
    return str(value)
