"""Form rendering with Bootstrap classes and accessible error wiring."""

from django import forms, template
from django.utils import translation

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
