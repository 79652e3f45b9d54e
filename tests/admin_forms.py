"""Post admin change forms as a browser would: every field as the page shows it, then the test's changes."""


def form_data(response, **changes) -> dict:
    """The POST data of an admin change page (main form and every inline), with `changes` applied."""
    context = response.context
    data = {}
    _add_form(data, context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):  # a history entry's page has none
        formset = inline.formset
        data.update({formset.management_form.add_prefix(k): v for k, v in formset.management_form.initial.items()})
        for form in formset.forms:
            _add_form(data, form)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _add_form(data, form):
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            value = "on" if value else None
        data[form.add_prefix(name)] = "" if value is None and not field.widget.is_hidden else value
