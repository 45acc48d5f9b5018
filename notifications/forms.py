from django import forms

from .models import Category, Frequency, NotificationSetting


class NotificationSettingsForm(forms.Form):
    """One choice per category: immediately, weekly digest or off."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = dict(
            NotificationSetting.objects.filter(user=user).values_list("category", "frequency")
        )
        for category in Category.with_setting():
            self.fields[category.value] = forms.ChoiceField(
                label=category.label,
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                initial=current.get(category.value, NotificationSetting.DEFAULT),
            )
