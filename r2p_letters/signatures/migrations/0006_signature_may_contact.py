from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("signatures", "0005_sign_on_order_help"),
    ]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="may_contact",
            field=models.BooleanField(default=False, verbose_name="may be contacted by the lead organization"),
        ),
    ]
