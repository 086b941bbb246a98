"""Someone who forgot the password resets it from an emailed link, and edits the profile."""

import re

from django.urls import reverse


def test_a_forgotten_password_is_reset_from_the_emailed_link(client, django_user_model, mailoutbox):
    django_user_model.objects.create_user(email="editor@example.org", password="old-password-42")

    client.post(reverse("accounts:password_reset"), {"email": "editor@example.org"})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^\s]+/)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": "new-password-4242",
                                             "new_password2": "new-password-4242"})

    assert client.login(username="editor@example.org", password="new-password-4242")


def test_the_profile_saves_the_name(client, django_user_model):
    user = django_user_model.objects.create_user(email="editor@example.org", password="pw-12345!x")
    client.force_login(user)

    client.post(reverse("accounts:profile"), {"full_name": "Jean Rédacteur"})

    user.refresh_from_db()
    assert user.full_name == "Jean Rédacteur"


def test_the_profile_needs_a_login(client, db):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_logging_out_takes_a_post(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(email="e@example.org", password="pw-12345!x"))

    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302
