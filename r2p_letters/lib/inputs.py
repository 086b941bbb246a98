"""The browser's date and time pickers, the one way a form asks for a date or a time.

They read and write ISO values (2026-06-30, 18:00) whatever the page's language: a value written the
language's way (30/06/2026 in French) shows as an empty picker, and the form then comes back without it.
"""

from django import forms


class DatePicker(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimePicker(forms.TimeInput):
    """To the minute, as the picker shows it."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")
